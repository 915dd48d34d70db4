import { join } from 'node:path';
import type { LakeRow } from '@clickstream/contract';
import { startWorkerThread } from '../startWorkerThread';
import { requestThreadMemory, type ThreadMemory } from '../threadMemory';
import type { LakeThreadData } from './lake-thread';
import { RecentRows } from './recent-rows';
import type { LakePipeline, LakePipelineOptions, LakePipelineStats } from './start-lake-pipeline';

/**
 * Rows kept for `recent()` unless told otherwise: the dashboard shows 50. Each snapshot copies
 * the new ones across threads, which cost ~10% of the thread's CPU with 1,000.
 */
export const RECENT_ROWS = 100;

export interface LakeThreadOptions extends Omit<LakePipelineOptions, 'kinesis'> {
  /** Endpoint of the Kinesis API: the thread makes its own client (clients do not cross threads). */
  readonly endpoint: string;
  /**
   * How often the thread sends its counters and newest rows (what `stats()` and `recent()`
   * answer in between).
   * @default 250
   */
  readonly snapshotMs?: number;
}

/** A lake pipeline in a worker thread, plus the OS thread it runs on. */
export interface LakeThread extends LakePipeline {
  /** OS thread id of the worker, for per-thread CPU figures. */
  readonly threadId: number | undefined;
  /** The thread's heap and buffers (undefined once it has stopped), for memory figures. */
  memory(): Promise<ThreadMemory | undefined>;
}

interface Message {
  readonly type: 'ready' | 'failed' | 'error' | 'snapshot' | 'stopped' | 'memory';
  readonly tid?: number;
  readonly message?: string;
  readonly stats?: LakePipelineStats;
  readonly recent?: LakeRow[];
}

/**
 * Runs `startLakePipeline` in its own worker thread. In the ingest server's thread the consumer
 * (GetRecords decoding, the stream-processor core, DuckDB's appender) took as much CPU per
 * event as ingest itself and its bursts delayed requests; on its own event loop it uses the
 * second core and a 500 ms flush never holds up a `POST`. Same guarantees: the thread
 * checkpoints only after its Parquet files are durable, and `stop()` writes what it read.
 *
 * @param options - the pipeline's options, with the emulator's endpoint instead of a client.
 * @returns the pipeline; `stats()` and `recent()` are at most `snapshotMs` old.
 * @example const lake = await startLakeThread({ dataDir, endpoint, streamName });
 */
export async function startLakeThread(options: LakeThreadOptions): Promise<LakeThread> {
  const { onError, snapshotMs, endpoint, ...pipeline } = options;
  const report = onError ?? ((error: Error) => console.error('lake pipeline:', error));
  const recentRows = new RecentRows(pipeline.recentCapacity ?? RECENT_ROWS);
  const data: LakeThreadData = { endpoint, options: pipeline, snapshotMs: snapshotMs ?? 250 };
  const worker = startWorkerThread(join(import.meta.dirname, 'lake-thread.ts'), { ...data });
  let stats: LakePipelineStats | undefined;
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (m: Message) => {
      if (m.stats) stats = m.stats;
      for (const row of m.recent ?? []) recentRows.add(row);
      if (m.type === 'error') report(new Error(m.message));
      if (m.type === 'failed') failure = new Error(`lake thread: ${m.message}`);
      if (m.type === 'stopped') resolve();
    });
  });
  worker.on('error', (err) => {
    failure ??= err;
  });
  const threadId = await new Promise<number | undefined>((resolve, reject) => {
    worker.on('message', (m: Message) => {
      if (m.type === 'ready') resolve(m.tid);
    });
    exited.then(() => reject(failure ?? new Error('the lake thread exited before it was ready')));
  });
  let stopping: Promise<void> | undefined;
  // A thread that dies on its own stops the lake, not ingest: records wait in the stream.
  exited.then(() => {
    if (!stopping) report(failure ?? new Error('the lake thread exited'));
  });
  return {
    threadId,
    memory: () => (stopping ? Promise.resolve(undefined) : requestThreadMemory(worker)),
    stop() {
      stopping ??= (async () => {
        worker.postMessage('stop');
        await Promise.race([stopped, exited]);
        await exited;
        if (failure) throw failure;
      })();
      return stopping;
    },
    stats: () => stats as LakePipelineStats,
    recent: (limit = 100) => recentRows.newest(limit),
  };
}
