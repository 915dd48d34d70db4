/**
 * Counts message ids seen more than once among the last `capacity` distinct ids. Counted,
 * never dropped: dedup is the lake's job (it sees every copy, also across restarts); this
 * gives QA the raw duplicate rate the SDK's retries produce.
 *
 * The window is first-in, first-out: a ring of the last `capacity` new ids and a `Set` of the
 * same ids. Each new id costs a lookup, an insert and the eviction of the id it overwrites in
 * the ring; there is no iteration. (An LRU `Map` evicting `keys().next()` cost ~1–2 µs per
 * event on the ingest thread: the iterator walks over every deleted slot at the table's front
 * until the next rehash.) Memory stays bounded at `capacity` ids.
 *
 * @example
 * const dups = new DuplicateCounter(100_000);
 * dups.observe('msg-1'); dups.observe('msg-1'); dups.duplicates // 1
 */
export class DuplicateCounter {
  readonly #ring: (string | undefined)[];
  readonly #seen = new Set<string>();
  #next = 0;
  #duplicates = 0;

  /** @param capacity - distinct ids remembered. @default 100_000 */
  constructor(capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    }
    this.#ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** Duplicates observed so far. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /**
   * @param messageId - an id of an accepted event.
   * @returns true when the id is among the remembered ones.
   */
  observe(messageId: string): boolean {
    if (this.#seen.has(messageId)) {
      this.#duplicates++;
      return true;
    }
    const slot = this.#next;
    const oldest = this.#ring[slot];
    if (oldest !== undefined) this.#seen.delete(oldest);
    this.#ring[slot] = messageId;
    this.#seen.add(messageId);
    this.#next = slot + 1 === this.#ring.length ? 0 : slot + 1;
    return false;
  }
}
