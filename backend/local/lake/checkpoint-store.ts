import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishFile } from './durable-fs';

/** Shard id → sequence number of the last record that is durably in the lake. */
export type Checkpoints = Readonly<Record<string, string>>;

interface CheckpointFile {
  readonly version: 1;
  readonly streamName: string;
  readonly shards: Checkpoints;
}

export interface CheckpointStore {
  load(): Promise<Checkpoints>;
  /** Replaces the file atomically: a crash leaves the old checkpoint or the new one. */
  save(checkpoints: Checkpoints): Promise<void>;
}

/**
 * The consumer's checkpoint, one JSON file per stream under `<dataDir>/checkpoints`, the
 * local stand-in for the Lambda event source mapping's (or KCL's DynamoDB) lease table.
 *
 * @param dir - `<dataDir>/checkpoints`
 * @param streamName - the Kinesis stream the checkpoint belongs to
 * @example const store = checkpointStore('.data/checkpoints', 'clickstream-events');
 */
export function checkpointStore(dir: string, streamName: string): CheckpointStore {
  const file = join(dir, `${encodeURIComponent(streamName)}.json`);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw err;
      }
      const parsed = JSON.parse(text) as CheckpointFile;
      if (parsed.version !== 1 || typeof parsed.shards !== 'object') {
        throw new Error(`${file}: not a checkpoint file (version ${String(parsed.version)})`);
      }
      return parsed.shards;
    },
    async save(checkpoints) {
      await mkdir(dir, { recursive: true });
      const staged = `${file}.${process.pid}.tmp`;
      const body: CheckpointFile = { version: 1, streamName, shards: checkpoints };
      try {
        await writeFile(staged, `${JSON.stringify(body, null, 2)}\n`);
        await publishFile(staged, file);
      } catch (err) {
        await rm(staged, { force: true });
        throw err;
      }
    },
  };
}
