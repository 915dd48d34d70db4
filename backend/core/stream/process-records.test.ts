import { describe, expect, it } from 'vitest';
import { encodeLakeRow, makeLakeRow } from './fixtures/make-lake-row';
import { processRecords } from './process-records';

const record = (data: Uint8Array, sequenceNumber = String(Math.random())) => ({
  sequenceNumber,
  data,
});

describe('processRecords', () => {
  it('returns valid rows in stream order with the index of their record', () => {
    const rows = [makeLakeRow(), makeLakeRow(), makeLakeRow()];
    const result = processRecords(rows.map((r) => record(encodeLakeRow(r))));
    expect(result.rows.map((r) => r.row)).toEqual(rows);
    expect(result.rows.map((r) => r.recordIndex)).toEqual([0, 1, 2]);
    expect(result.malformed).toEqual([]);
  });

  it('keeps the first record of each message_id and counts the rest as duplicates', () => {
    const a = makeLakeRow();
    const b = makeLakeRow();
    const result = processRecords(
      [a, b, { ...a, title: 'retry' }, a].map((r) => record(encodeLakeRow(r))),
    );
    expect(result.rows.map((r) => r.row)).toEqual([a, b]);
    expect(result.duplicates).toBe(2);
  });

  it('reports non-JSON, invalid UTF-8 and schema violations with their sequence number and reason', () => {
    const result = processRecords([
      record(new TextEncoder().encode('{"message_id":'), '1'),
      record(new Uint8Array([0xff, 0xfe, 0x41]), '2'),
      record(encodeLakeRow({ ...makeLakeRow(), created_at: 42 }), '3'),
      record(encodeLakeRow(makeLakeRow()), '4'),
    ]);
    expect(result.rows).toHaveLength(1);
    expect(result.malformed.map((m) => [m.sequenceNumber, m.recordIndex])).toEqual([
      ['1', 0],
      ['2', 1],
      ['3', 2],
    ]);
    expect(result.malformed[0]?.reason).toMatch(/^data is not JSON/);
    expect(result.malformed[1]?.reason).toBe('data is not valid UTF-8');
    expect(result.malformed[2]?.reason).toMatch(/\/created_at/);
    expect(result.malformed[0]?.payload).toBe('{"message_id":');
  });

  it('rejects rows whose times are not UTC Z, since DuckDB and Trino disagree on their date()', () => {
    const row = makeLakeRow({ created_at: '2026-11-25T18:00:00+01:00' });
    const [bad] = processRecords([record(encodeLakeRow(row))]).malformed;
    expect(bad?.reason).toBe('not a LakeRow: /created_at: not an ISO-8601 UTC time');
  });

  it('rejects rows whose partition values do not match received_at', () => {
    const row = { ...makeLakeRow({ received_at: '2026-11-25T17:00:00.000Z' }), hour: '18' };
    const [bad] = processRecords([record(encodeLakeRow(row))]).malformed;
    expect(bad?.reason).toMatch(/^not a LakeRow: \/hour: does not match received_at/);
  });

  it('truncates the payload of a huge malformed record', () => {
    const text = `"${'x'.repeat(100_000)}"`;
    const [bad] = processRecords([record(new TextEncoder().encode(text))]).malformed;
    expect(bad?.payload).toHaveLength(32 * 1024);
  });
});
