import { readdirSync, readFileSync } from 'node:fs';

/**
 * RSS of this process plus its child processes (tsx's esbuild service), except `exclude` (a
 * load generator): every process of a runtime started in this process.
 *
 * Children come from `/proc/self/task/<tid>/children`, not a walk of all of `/proc`: the
 * sampler runs on the runtime's server thread, and the walk cost ~5 ms per sample there
 * (3–5 µs per event at 10,000 events/s, charged to the server).
 *
 * @param exclude - pid of a child that is not part of the runtime.
 * @returns bytes.
 * @example const rss = processTreeRss(autocannon.pid);
 */
export function processTreeRss(exclude?: number): number {
  let rss = process.memoryUsage().rss;
  for (const tid of readdirSync('/proc/self/task')) {
    let children: string[];
    try {
      children = readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    for (const pid of children) {
      if (!pid.trim() || Number(pid) === exclude) continue;
      try {
        rss += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
      } catch {
        // The process ended between the listing and the read.
      }
    }
  }
  return rss;
}
