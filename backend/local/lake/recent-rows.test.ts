import { describe, expect, it } from 'vitest';
import { makeLakeRow } from '../../core/stream/fixtures/make-lake-row';
import { RecentRows } from './recent-rows';

describe('RecentRows', () => {
  it('gives the newest rows first, at most its capacity, and lets older ones go', () => {
    const recent = new RecentRows(3);
    expect(recent.newest(10)).toEqual([]);
    const rows = Array.from({ length: 7 }, () => makeLakeRow());
    for (const row of rows.slice(0, 2)) recent.add(row);
    expect(recent.newest(10)).toEqual([rows[1], rows[0]]);
    for (const row of rows.slice(2)) recent.add(row);
    expect(recent.newest(10)).toEqual([rows[6], rows[5], rows[4]]);
    expect(recent.newest(2)).toEqual([rows[6], rows[5]]);
  });

  it('keeps nothing with a capacity of 0', () => {
    const recent = new RecentRows(0);
    recent.add(makeLakeRow());
    expect(recent.newest(5)).toEqual([]);
  });
});
