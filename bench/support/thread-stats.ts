import { readdirSync, readFileSync } from 'node:fs';

/** One thread's CPU time and minor page faults so far. */
export interface ThreadStats {
  /** User plus system time, µs (10 ms ticks). */
  readonly cpuUs: number;
  readonly minorFaults: number;
}

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ; 100 on Linux/x86). */
const TICK_US = 10_000;

/**
 * A thread of this process, from `/proc/self/task/<tid>/stat`: CPU time per thread is the
 * figure that holds on a shared machine, where wall time moves with everyone's load.
 *
 * @param tid - the OS thread id (`process.pid` for the main thread)
 * @returns its stats, or `undefined` once the thread has ended
 */
export function threadStats(tid: number): ThreadStats | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    cpuUs: (Number(fields[11]) + Number(fields[12])) * TICK_US,
    minorFaults: Number(fields[7]),
  };
}

/** CPU µs of one thread; 0 for none or an ended one. */
export const threadCpuUs = (tid: number | undefined): number =>
  tid === undefined ? 0 : (threadStats(tid)?.cpuUs ?? 0);

/** Every thread of this process, by OS thread id (threads ending meanwhile are left out). */
export function allThreadStats(): Map<number, ThreadStats> {
  const all = new Map<number, ThreadStats>();
  for (const tid of readdirSync('/proc/self/task').map(Number)) {
    const stats = threadStats(tid);
    if (stats) all.set(tid, stats);
  }
  return all;
}
