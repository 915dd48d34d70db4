import { readlinkSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Young generation of each worker's V8 heap (two semi-spaces and the new large-object space).
 * V8's default on 64-bit is 3 × 16 MB semi-spaces, and a busy isolate grows into all of it and
 * keeps it committed: measured 34–40 MB committed for 8–23 MB live in the emulator thread at
 * 4,000 events/s (issue 4, RSS budget 500 MB). 12 MB (4 MB semi-spaces) still holds a GetRecords
 * or PutRecords batch's short-lived objects, so they die young instead of being promoted.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/**
 * Starts a TypeScript module in a worker thread. The worker registers tsx itself: a thread
 * inherits no loader (not tsx's under `node --import tsx`, not vitest's).
 *
 * @param entry - absolute path of the `.ts` module to run.
 * @param data - its `workerData`, besides what the boot code needs.
 * @returns the worker.
 * @example const worker = startWorkerThread(join(import.meta.dirname, 'lakeThread.ts'), { dataDir });
 */
export function startWorkerThread(entry: string, data: Record<string, unknown>): Worker {
  return new Worker(BOOT, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    workerData: {
      ...data,
      tsx: import.meta.resolve('tsx/esm/api'),
      entry: pathToFileURL(entry).href,
    },
  });
}

const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => { setImmediate(() => { throw err; }); });
`;

/** The OS thread id of the calling thread, for per-thread CPU figures (`/proc/<pid>/task/<tid>`). */
export function osThreadId(): number | undefined {
  try {
    // `/proc/thread-self` links to `<pid>/task/<tid>`.
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}
