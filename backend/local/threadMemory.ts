import { getHeapStatistics } from 'node:v8';
import type { Worker } from 'node:worker_threads';

/** Memory of one V8 isolate (one thread), in bytes. */
export interface ThreadMemory {
  /** Live JS objects. */
  readonly heapUsed: number;
  /** Memory the isolate's heap holds from the OS, including free space kept for reuse. */
  readonly heapCommitted: number;
  /** Memory outside the JS heap owned by this isolate's objects (Buffers, ArrayBuffers). */
  readonly external: number;
  /** The part of `external` in ArrayBuffers (Buffers included). */
  readonly arrayBuffers: number;
}

/**
 * This thread's memory. `process.memoryUsage()` answers per isolate except for `rss`, which is
 * the whole process's: per-thread figures are what show which thread's buffer grows.
 *
 * @returns the calling thread's memory.
 * @example const { heapUsed } = threadMemory();
 */
export function threadMemory(): ThreadMemory {
  const usage = process.memoryUsage();
  return {
    heapUsed: usage.heapUsed,
    heapCommitted: getHeapStatistics().total_physical_size,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
  };
}

/**
 * Asks a worker thread that answers `'memory'` (the emulator's, the lake's) for its
 * `threadMemory()`.
 *
 * @param worker - the thread.
 * @returns its memory, or undefined if it does not answer within a second (busy or exiting).
 * @example const lake = await requestThreadMemory(worker);
 */
export function requestThreadMemory(worker: Worker): Promise<ThreadMemory | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), 1000);
    const onMessage = (m: { type?: string; memory?: ThreadMemory }) => {
      if (m.type === 'memory') done(m.memory);
    };
    const done = (memory: ThreadMemory | undefined) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(memory);
    };
    worker.on('message', onMessage);
    worker.postMessage('memory');
  });
}
