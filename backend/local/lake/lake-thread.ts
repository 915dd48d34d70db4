/**
 * Worker-thread entry of the stream → lake consumer (see `startLakeThread`): the consumer, its
 * Kinesis client and DuckDB run on their own event loop, never between the ingest server's
 * requests.
 * Messages: → `ready` | `failed` | `error` | `snapshot` | `stopped` | `memory`; ← `'stop'` | `'memory'` (→ `memory`).
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { LakeRow } from '@clickstream/contract';
import { createKinesisClient } from '../kinesis/createKinesisClient';
import { osThreadId } from '../startWorkerThread';
import { threadMemory } from '../threadMemory';
import { type LakePipelineOptions, startLakePipeline } from './start-lake-pipeline';
import { RECENT_ROWS } from './start-lake-thread';

export interface LakeThreadData {
  readonly endpoint: string;
  readonly options: Omit<LakePipelineOptions, 'kinesis' | 'onError'>;
  readonly snapshotMs: number;
}

const { endpoint, options, snapshotMs } = workerData as LakeThreadData;
const parent = parentPort;
if (!parent) throw new Error('lake-thread must run in a worker thread');
process.on('uncaughtException', (err) => {
  parent.postMessage({ type: 'failed', message: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});

const kinesis = createKinesisClient({ endpoint, maxSockets: 4 });
const pipeline = await startLakePipeline({
  recentCapacity: RECENT_ROWS,
  ...options,
  kinesis,
  onError: (error) => parent.postMessage({ type: 'error', message: error.message }),
});
const capacity = options.recentCapacity ?? RECENT_ROWS;
let newestSent: LakeRow | undefined;
/** Stats, and the rows read since the last snapshot (oldest first) for the dashboard's feed. */
const snapshot = () => {
  const rows = pipeline.recent(capacity);
  const fresh: LakeRow[] = [];
  for (const row of rows) {
    if (row === newestSent) break;
    fresh.push(row);
  }
  newestSent = rows[0] ?? newestSent;
  return { type: 'snapshot', stats: pipeline.stats(), recent: fresh.reverse() };
};
const timer = setInterval(() => parent.postMessage(snapshot()), snapshotMs);
parent.postMessage({ ...snapshot(), type: 'ready', tid: osThreadId() });
parent.on('message', (message: unknown) => {
  if (message === 'memory') parent.postMessage({ type: 'memory', memory: threadMemory() });
  if (message !== 'stop') return;
  clearInterval(timer);
  pipeline.stop().then(
    () => {
      kinesis.destroy();
      parent.postMessage({ ...snapshot(), type: 'stopped' });
      parent.close();
    },
    (err: unknown) => {
      parent.postMessage({
        type: 'failed',
        message: err instanceof Error ? err.stack : String(err),
      });
      process.exit(1);
    },
  );
});
