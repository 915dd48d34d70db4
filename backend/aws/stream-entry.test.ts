import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LakeRow } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../core/ingest/types';
import { makeLakeRow } from '../core/stream/fixtures/make-lake-row';
import { processRecords } from '../core/stream/process-records';
import { PUT_RECORD_MAX_BYTES, putEntrySize } from './put-records';
import { RUN_MAX_BYTES, type StreamEntry, toStreamEntries } from './stream-entry';

const recordOf = (row: LakeRow, partitionKey = row.anonymous_id ?? ''): StreamRecord => ({
  partitionKey,
  row,
});
/** A row whose JSON is exactly `bytes` long (UTF-8). */
function rowOfSize(bytes: number, anonymousId: string): LakeRow {
  const row = makeLakeRow({ anonymous_id: anonymousId, properties: '' });
  const padding = bytes - Buffer.byteLength(JSON.stringify(row));
  if (padding < 0) throw new Error(`a row is at least ${bytes - padding} bytes`);
  return { ...row, properties: 'x'.repeat(padding) };
}
/** A record's text: its data inflated. */
const textOf = (entry: StreamEntry | undefined) =>
  gunzipSync(entry?.data ?? new Uint8Array()).toString();
/** The rows the consumer reads back from the entries, in order. */
const readBack = (entries: readonly StreamEntry[]) =>
  processRecords(entries.map((e, i) => ({ sequenceNumber: String(i), data: e.data }))).rows.map(
    (r) => r.row,
  );

describe('toStreamEntries', () => {
  it('puts the events of one user into one gzipped record of newline-delimited rows, in order', () => {
    const rows = Array.from({ length: 20 }, () => makeLakeRow({ anonymous_id: 'anon-a' }));
    const entries = toStreamEntries(rows.map((r) => recordOf(r)));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.partitionKey).toBe('anon-a');
    expect(textOf(entries[0])).toBe(rows.map((r) => JSON.stringify(r)).join('\n'));
    // 20 events of one user share most of their bytes: the record is a fraction of its text.
    expect(entries[0]?.data.length).toBeLessThan(textOf(entries[0]).length / 4);
    expect(entries[0]?.records.map((r) => r.row)).toEqual(rows);
    expect(readBack(entries)).toEqual(rows);
  });

  it('starts a new record whenever the partition key changes, so per-user order holds', () => {
    const keys = ['a', 'a', 'b', 'a', 'a', 'c'];
    const rows = keys.map((k) => makeLakeRow({ anonymous_id: k }));
    const entries = toStreamEntries(rows.map((r) => recordOf(r)));
    expect(entries.map((e) => [e.partitionKey, e.records.length])).toEqual([
      ['a', 2],
      ['b', 1],
      ['a', 2],
      ['c', 1],
    ]);
    expect(readBack(entries)).toEqual(rows);
  });

  it('writes a record of one event as the row JSON alone, gzipped', () => {
    const row = makeLakeRow();
    const [entry] = toStreamEntries([recordOf(row)]);
    expect(textOf(entry)).toBe(JSON.stringify(row));
  });

  it("fills a record up to exactly its text limit and cuts before the byte that would exceed it; gzip's worst case still fits 1 MiB", () => {
    expect(RUN_MAX_BYTES).toBe(PUT_RECORD_MAX_BYTES - 512);
    const key = 'anon-cut';
    const keyBytes = Buffer.byteLength(key);
    const half = (RUN_MAX_BYTES - keyBytes - 1) / 2;
    const rows = [rowOfSize(Math.floor(half), key), rowOfSize(Math.ceil(half), key)];
    const fits = toStreamEntries(rows.map((r) => recordOf(r)));
    expect(fits).toHaveLength(1);
    expect(Buffer.byteLength(textOf(fits[0])) + keyBytes).toBe(RUN_MAX_BYTES);
    // Stored blocks, gzip's worst case: the text is random bytes, which deflate cannot shrink.
    const worst = gzipSync(randomBytes(RUN_MAX_BYTES - keyBytes), { level: 1 });
    expect(worst.length + keyBytes).toBeLessThanOrEqual(PUT_RECORD_MAX_BYTES);

    const over = [rows[0] as LakeRow, rowOfSize(Math.ceil(half) + 1, key)];
    const cut = toStreamEntries(over.map((r) => recordOf(r)));
    expect(cut.map((e) => e.records.length)).toEqual([1, 1]);
    expect(readBack(cut)).toEqual(over);
  });

  it('cuts a long run of one user into records of at most 1 MiB each, losing no event', () => {
    const rows = Array.from({ length: 12 }, () => rowOfSize(300_000, 'anon-long'));
    const entries = toStreamEntries(rows.map((r) => recordOf(r)));
    expect(entries.map((e) => e.records.length)).toEqual([3, 3, 3, 3]);
    for (const e of entries) expect(putEntrySize(e)).toBeLessThanOrEqual(PUT_RECORD_MAX_BYTES);
    expect(readBack(entries)).toEqual(rows);
  });

  it('gives an event whose text is over 1 MiB a record of its own, between its neighbours of the same user', () => {
    const rows = [
      makeLakeRow({ anonymous_id: 'anon-big' }),
      rowOfSize(PUT_RECORD_MAX_BYTES + 10, 'anon-big'),
      makeLakeRow({ anonymous_id: 'anon-big' }),
    ];
    const entries = toStreamEntries(rows.map((r) => recordOf(r)));
    expect(entries.map((e) => e.records.map((r) => r.row))).toEqual([
      [rows[0]],
      [rows[1]],
      [rows[2]],
    ]);
    expect(Buffer.byteLength(textOf(entries[1]))).toBeGreaterThan(PUT_RECORD_MAX_BYTES);
    // Its gzip may still fit the stream: then it is delivered, where before it was dead-lettered.
    expect(putEntrySize(entries[1] as StreamEntry)).toBeLessThan(PUT_RECORD_MAX_BYTES);
  });

  it('counts UTF-8 bytes, not characters, of text beyond ASCII, and cuts by them', () => {
    const key = 'anon-utf8';
    // 3 bytes per UTF-16 unit (CJK) and 4 per surrogate pair (emoji) against 1 for ASCII.
    const properties = '価格 😀 ü '.repeat(20_000);
    const rows = Array.from({ length: 7 }, () => makeLakeRow({ anonymous_id: key, properties }));
    const row = rows[0] as LakeRow;
    const rowBytes = Buffer.byteLength(JSON.stringify(row));
    // Three rows fit 1 MiB by their bytes; by their characters a fourth would.
    expect(3 * rowBytes + 2).toBeLessThan(RUN_MAX_BYTES);
    expect(4 * JSON.stringify(row).length + 3).toBeLessThan(RUN_MAX_BYTES);
    expect(4 * rowBytes + 3).toBeGreaterThan(RUN_MAX_BYTES);
    const entries = toStreamEntries(rows.map((r) => recordOf(r)));
    expect(entries.map((e) => e.records.length)).toEqual([3, 3, 1]);
    for (const e of entries) {
      expect(textOf(e)).toBe(e.records.map((r) => JSON.stringify(r.row)).join('\n'));
    }
    expect(readBack(entries)).toEqual(rows);
  });

  it('returns no entry for no record', () => {
    expect(toStreamEntries([])).toEqual([]);
  });
});
