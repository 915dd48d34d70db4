import { readFileSync } from 'node:fs';

/** Resident bytes of this process by kind of mapping, from `/proc/self/smaps`. */
export interface MemoryMap {
  /** Code and data of the node binary and shared libraries (DuckDB's is ~60 MB of text). */
  readonly files: number;
  /** The main thread's malloc heap (`[heap]`, grown by brk). */
  readonly mainArena: number;
  /**
   * glibc's per-thread malloc arenas: anonymous 64 MB reservations aligned to 64 MB, grown in
   * place (glibc malloc/arena.c, HEAP_MAX_SIZE). Up to 8 × cores of them, each keeping freed
   * memory resident until trimmed.
   */
  readonly threadArenas: number;
  /** How many thread arenas hold resident memory. */
  readonly threadArenaCount: number;
  /** Other anonymous memory: V8 heap pages, large (mmap'd) malloc blocks, thread stacks. */
  readonly otherAnonymous: number;
}

const ARENA = 64 * 2 ** 20;

/**
 * Where this process's resident memory is, by kind of mapping. RSS alone cannot tell a growing
 * JS buffer from allocator slack; this with each isolate's `threadMemory()` can.
 *
 * @returns resident bytes per kind.
 * @example const { threadArenas } = memoryMap();
 */
export function memoryMap(): MemoryMap {
  const lines = readFileSync('/proc/self/smaps', 'utf8').split('\n');
  let files = 0;
  let mainArena = 0;
  let threadArenas = 0;
  let threadArenaCount = 0;
  let otherAnonymous = 0;
  let kind: 'files' | 'main' | 'arena' | 'anon' = 'anon';
  for (const line of lines) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (mapping) {
      const [, start, , , inode, name] = mapping;
      if (name === '[heap]') kind = 'main';
      else if (inode !== '0' || name?.startsWith('/')) kind = 'files';
      // An arena's resident part starts the 64 MB-aligned reservation; the rest is PROT_NONE.
      else if (!name && BigInt(`0x${start}`) % BigInt(ARENA) === 0n) kind = 'arena';
      else kind = 'anon';
      continue;
    }
    if (!line.startsWith('Rss:')) continue;
    const bytes = Number(line.split(/\s+/)[1]) * 1024;
    if (kind === 'files') files += bytes;
    else if (kind === 'main') mainArena += bytes;
    else if (kind === 'arena') {
      threadArenas += bytes;
      if (bytes > 0) threadArenaCount++;
    } else otherAnonymous += bytes;
  }
  return { files, mainArena, threadArenas, threadArenaCount, otherAnonymous };
}
