import { readlinkSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

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
