import type { LakeRow } from '@clickstream/contract';

/**
 * The newest rows seen by the consumer, for the dashboard's live feed: visible as soon as a
 * record is read from the stream, before the Parquet write that makes it queryable.
 * Bounded: older rows fall off.
 */
export class RecentRows {
  private readonly rows: LakeRow[] = [];

  /** @param capacity - rows kept */
  constructor(private readonly capacity: number) {}

  add(row: LakeRow): void {
    this.rows.push(row);
    // Trim in chunks, not per row: shifting a large array on every add is quadratic.
    if (this.rows.length >= this.capacity * 2)
      this.rows.splice(0, this.rows.length - this.capacity);
  }

  /** @returns up to `limit` rows, newest first */
  newest(limit: number): LakeRow[] {
    return this.rows.slice(-Math.min(limit, this.capacity)).reverse();
  }
}
