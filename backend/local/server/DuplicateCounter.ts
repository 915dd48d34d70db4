/**
 * Counts message ids seen more than once among the last `capacity` distinct ids. Counted,
 * never dropped: dedup is the lake's job (it sees every copy, also across restarts); this
 * gives QA the raw duplicate rate the SDK's retries produce.
 *
 * A `Map` keeps insertion order, so evicting its first key is least-recently-seen eviction
 * once a hit re-inserts its key. Memory stays bounded at `capacity` ids.
 *
 * @example
 * const dups = new DuplicateCounter(100_000);
 * dups.observe('msg-1'); dups.observe('msg-1'); dups.duplicates // 1
 */
export class DuplicateCounter {
  readonly #capacity: number;
  readonly #seen = new Map<string, true>();
  #duplicates = 0;

  /** @param capacity - distinct ids remembered. @default 100_000 */
  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  /** Duplicates observed so far. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /**
   * @param messageId - an id of an accepted event.
   * @returns true when the id was already among the remembered ones.
   */
  observe(messageId: string): boolean {
    const seen = this.#seen.delete(messageId);
    if (seen) this.#duplicates++;
    this.#seen.set(messageId, true);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    return seen;
  }
}
