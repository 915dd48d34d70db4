import type { LakeRow } from '@clickstream/contract';

/**
 * The newest rows seen by the consumer, for the dashboard's live feed: visible as soon as a
 * record is read from the stream, before the Parquet write that makes it queryable.
 * Bounded: a ring of `capacity` rows, where each new row takes the oldest one's slot. Every row
 * read passes through it, so an add is one store: no copy, and a row is let go `capacity` rows
 * later rather than held for a chunked trim.
 */
export class RecentRows {
  private readonly rows: (LakeRow | undefined)[];
  /** Rows added so far; the next one goes to `added % capacity`. */
  private added = 0;

  /** @param capacity - rows kept */
  constructor(private readonly capacity: number) {
    this.rows = new Array(capacity).fill(undefined);
  }

  add(row: LakeRow): void {
    if (this.capacity === 0) return;
    this.rows[this.added % this.capacity] = row;
    this.added++;
  }

  /** @returns up to `limit` rows, newest first */
  newest(limit: number): LakeRow[] {
    const n = Math.min(limit, this.capacity, this.added);
    const newest: LakeRow[] = [];
    for (let i = 1; i <= n; i++)
      newest.push(this.rows[(this.added - i) % this.capacity] as LakeRow);
    return newest;
  }
}
