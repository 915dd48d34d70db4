import { setFlagsFromString } from 'node:v8';

/**
 * Old generation a V8 heap may reach after a full GC, as a percentage over what survived it.
 * V8 otherwise picks the factor itself, up to 4× when its GC is fast: the server's heap then
 * reached 149–152 MB used for ~30–45 MB live, and the runtime 496–512 MB resident (issue 4,
 * budget 500 MB). At 100 (2×) the peak was 384–392 MB at the same throughput (3 runs each,
 * alternating, `npm run bench -- ingest-http`, 2026-11-26); at 50 the peak fell to 366–387 MB
 * for a few % more CPU.
 */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Caps how far every V8 heap of this process (the server's and the worker threads') grows
 * between full GCs. A V8 flag, set once the process runs: V8 reads it at each full GC, so it
 * holds for the heaps that already exist and the threads started after. Node documents setting
 * flags at run time as unsupported in general; this one only sizes the next GC's trigger.
 *
 * @example limitHeapGrowth(); // before starting the runtime's threads
 * @see https://nodejs.org/api/v8.html#v8setflagsfromstringflags
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
