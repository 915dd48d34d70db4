import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MalformedRecord } from '../../core/stream/types';
import { fsyncPath } from './durable-fs';

/** One line of `<dataDir>/dlq/stream/malformed-YYYY-MM-DD.ndjson`. */
export interface MalformedLine extends MalformedRecord {
  readonly streamName: string;
  readonly shardId: string;
  readonly detectedAt: string;
}

/**
 * Appends stream records that are not `LakeRow`s to the dead-letter folder, with their reason,
 * and syncs before returning: the consumer checkpoints past them only once they are kept.
 *
 * @param dir - `<dataDir>/dlq/stream`
 * @param lines - the records, with where they came from
 * @example await appendMalformed('.data/dlq/stream', lines)
 */
export async function appendMalformed(dir: string, lines: readonly MalformedLine[]): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(dir, { recursive: true });
  const file = join(dir, `malformed-${lines[0]?.detectedAt.slice(0, 10)}.ndjson`);
  await appendFile(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  await fsyncPath(file);
}
