import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ResourceNotFoundException,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { startWorkerThread } from '../startWorkerThread';
import { requestThreadMemory, type ThreadMemory } from '../threadMemory';
import { createKinesisClient } from './createKinesisClient';
import { createKinesisEmulatorServer } from './createKinesisEmulatorServer';
import { KinesisEmulator } from './KinesisEmulator';
import type { KinesisEmulatorThreadData } from './kinesisEmulatorThread';

export interface StartKinesisOptions {
  /** The runtime's data folder; the stream persists in `<dataDir>/kinesis`. */
  readonly dataDir: string;
  /** @default 'clickstream-events' */
  readonly streamName?: string;
  /**
   * Shards of a newly created stream (an existing stream keeps its own).
   * @default 2
   */
  readonly shardCount?: number;
  /**
   * Port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Where the emulator runs: its own worker thread, so its work runs on the second core
   * instead of between the ingest server's requests; or this thread.
   * @default 'worker'
   */
  readonly thread?: 'worker' | 'main';
}

export interface LocalKinesis {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly streamName: string;
  /** A client bound to this emulator, shared by the runtime's producers and consumer. */
  readonly client: KinesisClient;
  /** OS thread id of the emulator's worker thread (none when it runs on the caller's), for CPU figures. */
  readonly threadId: number | undefined;
  /** The emulator thread's heap and buffers (none when it runs on the caller's), for memory figures. */
  memory(): Promise<ThreadMemory | undefined>;
  /** Closes the server and the shard files; records already put survive for the next start. */
  stop(): Promise<void>;
}

export const DEFAULT_STREAM_NAME = 'clickstream-events';

/**
 * Starts the local Kinesis emulator (`KinesisEmulator`) in this process, persisting under
 * `<dataDir>/kinesis`, and makes sure the stream exists and is ACTIVE.
 *
 * A record is in its shard's file before `PutRecords` answers, so a record the emulator
 * acknowledged survives a `kill -9` of this process (the kernel still flushes the page cache);
 * it does not survive a power loss, which is fine for a developer machine.
 *
 * @param options - data folder, stream name, shard count.
 * @returns the endpoint, a client and `stop()`.
 * @example const kinesis = await startKinesis({ dataDir: '.data' });
 */
export async function startKinesis(options: StartKinesisOptions): Promise<LocalKinesis> {
  const path = join(options.dataDir, 'kinesis');
  await setAsideKinesaliteStore(path);
  await mkdir(path, { recursive: true });
  const emulator = await startEmulator(path, options.port ?? 0, options.thread ?? 'worker');
  const endpoint = `http://127.0.0.1:${emulator.port}`;
  const client = createKinesisClient({ endpoint });
  const streamName = options.streamName ?? DEFAULT_STREAM_NAME;
  const stop = async (): Promise<void> => {
    client.destroy();
    await emulator.stop();
  };
  try {
    await ensureStream(client, streamName, options.shardCount ?? 2);
  } catch (err) {
    await stop().catch(() => undefined);
    // An emulator that cannot open its folder (locked by another process) dies just after it
    // listened; its own error says why, the client's ECONNREFUSED does not.
    throw emulator.failure() ?? err;
  }
  return {
    endpoint,
    streamName,
    client,
    threadId: emulator.threadId,
    memory: () => emulator.memory(),
    stop,
  };
}

async function ensureStream(
  client: KinesisClient,
  streamName: string,
  shardCount: number,
): Promise<void> {
  try {
    await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  }
  // minDelay must stay below maxWaitTime or the waiter rejects its own config (toolchain.md).
  await waitUntilStreamExists(
    { client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 },
    { StreamName: streamName },
  );
}

interface Emulator {
  readonly port: number;
  /** OS thread id of the emulator's worker thread. */
  readonly threadId?: number | undefined;
  memory(): Promise<ThreadMemory | undefined>;
  /** Why the emulator died, if it did. */
  failure(): Error | undefined;
  stop(): Promise<void>;
}

async function startEmulator(
  path: string,
  port: number,
  thread: 'worker' | 'main',
): Promise<Emulator> {
  if (thread === 'main') {
    const emulator = new KinesisEmulator(path);
    const server = createKinesisEmulatorServer(emulator);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return {
      port: (server.address() as AddressInfo).port,
      memory: () => Promise.resolve(undefined),
      failure: () => undefined,
      stop: () =>
        new Promise<void>((resolve, reject) => {
          server.closeAllConnections();
          server.close((err) => {
            emulator.close();
            if (err) reject(err);
            else resolve();
          });
        }),
    };
  }
  const worker = startWorkerThread(join(import.meta.dirname, 'kinesisEmulatorThread.ts'), {
    path,
    port,
  } satisfies KinesisEmulatorThreadData);
  let failure: Error | undefined;
  let exited = false;
  let threadId: number | undefined;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      failure ??= code === 0 ? undefined : new Error(`Kinesis emulator thread exited with ${code}`);
      resolve();
    }),
  );
  worker.on('error', (err) => {
    failure ??= err;
  });
  const listening = await new Promise<number>((resolve, reject) => {
    exit.then(() => reject(failure ?? new Error('Kinesis emulator thread exited')));
    worker.on('message', (m: { type: string; port?: number; tid?: number; message?: string }) => {
      if (m.type === 'listening') {
        threadId = m.tid;
        resolve(m.port as number);
      }
      if (m.type === 'failed') failure = new Error(`Kinesis emulator: ${m.message}`);
    });
  });
  return {
    port: listening,
    threadId,
    memory: () => (exited ? Promise.resolve(undefined) : requestThreadMemory(worker)),
    failure: () => failure,
    stop: async () => {
      if (!exited) worker.postMessage('stop');
      await exit;
    },
  };
}

/**
 * Before this emulator, `<dataDir>/kinesis` was a kinesalite LevelDB store. Its records cannot be
 * read any more; they are moved aside, not deleted, and the move is announced, since records
 * not yet in the lake would otherwise vanish without a word.
 */
async function setAsideKinesaliteStore(path: string): Promise<void> {
  if (!existsSync(join(path, 'CURRENT'))) return;
  const aside = `${path}-kinesalite-${Date.now()}`;
  await rename(path, aside);
  console.warn(
    `clickstream: ${path} held a stream of an older version (kinesalite); moved to ${aside}. ` +
      'Records that had not reached the lake yet are in that folder only.',
  );
}
