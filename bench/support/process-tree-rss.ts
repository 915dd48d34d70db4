import { readdirSync, readFileSync } from 'node:fs';

/**
 * RSS of this process plus its child processes (tsx's esbuild service), except `exclude` (a
 * load generator): every process of a runtime started in this process.
 *
 * @param exclude - pid of a child that is not part of the runtime.
 * @returns bytes.
 * @example const rss = processTreeRss(autocannon.pid);
 */
export function processTreeRss(exclude?: number): number {
  let rss = process.memoryUsage().rss;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid || Number(pid) === exclude) continue;
      rss += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return rss;
}
