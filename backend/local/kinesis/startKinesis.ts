/// <reference path="./kinesalite.d.ts" />
// (the reference pulls in kinesalite's types wherever this file is compiled from, e.g. bench/)
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ResourceNotFoundException,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import kinesalite from 'kinesalite';
import { createKinesisClient } from './createKinesisClient';
import { speedUpKinesalite } from './speedUpKinesalite';

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
   * Where kinesalite runs: its own worker thread, so its CPU work (JSON, hashing, LevelDB
   * encoding: about half of the cost of a put) runs on the second core instead of between
   * the ingest server's requests; or this thread.
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
  /** Closes the server and the LevelDB store; records already put survive for the next start. */
  stop(): Promise<void>;
}

export const DEFAULT_STREAM_NAME = 'clickstream-events';

/**
 * Starts kinesalite in this process, persisting under `<dataDir>/kinesis`, and makes sure the
 * stream exists and is ACTIVE.
 *
 * LevelDB writes go to its log before `PutRecords` answers, so a record the emulator
 * acknowledged survives a `kill -9` of this process (the kernel still flushes the page cache);
 * it does not survive a power loss, which is fine for a developer machine.
 *
 * @param options - data folder, stream name, shard count.
 * @returns the endpoint, a client and `stop()`.
 * @example const kinesis = await startKinesis({ dataDir: '.data' });
 * @see https://github.com/mhart/kinesalite
 */
export async function startKinesis(options: StartKinesisOptions): Promise<LocalKinesis> {
  const path = join(options.dataDir, 'kinesis');
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
    // A LevelDB that cannot open (locked by another process) kills the emulator just after
    // it listened; its own error says why, the client's ECONNREFUSED does not.
    throw emulator.failure() ?? err;
  }
  return { endpoint, streamName, client, stop };
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
    speedUpKinesalite();
    const server = kinesalite({ path, createStreamMs: 20, deleteStreamMs: 20, updateStreamMs: 20 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return {
      port: (server.address() as AddressInfo).port,
      failure: () => undefined,
      stop: () =>
        new Promise<void>((resolve, reject) => {
          server.closeAllConnections();
          server.close((err) => (err ? reject(err) : resolve()));
        }),
    };
  }
  // The worker registers tsx itself: under vitest the thread inherits no TypeScript loader.
  const worker = new Worker(WORKER_BOOT, {
    eval: true,
    workerData: {
      tsx: import.meta.resolve('tsx/esm/api'),
      entry: pathToFileURL(join(import.meta.dirname, 'kinesaliteThread.ts')).href,
      path,
      port,
    },
  });
  let failure: Error | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      failure ??= code === 0 ? undefined : new Error(`kinesalite thread exited with ${code}`);
      resolve();
    }),
  );
  worker.on('error', (err) => {
    failure ??= err;
  });
  const listening = await new Promise<number>((resolve, reject) => {
    exit.then(() => reject(failure ?? new Error('kinesalite thread exited')));
    worker.on('message', (m: { type: string; port?: number; message?: string }) => {
      if (m.type === 'listening') resolve(m.port as number);
      if (m.type === 'failed') failure = new Error(`kinesalite: ${m.message}`);
    });
  });
  return {
    port: listening,
    failure: () => failure,
    stop: async () => {
      if (!exited) worker.postMessage('stop');
      await exit;
    },
  };
}

const WORKER_BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => { setImmediate(() => { throw err; }); });
`;
