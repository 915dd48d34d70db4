import { gzipSync } from 'node:zlib';
import type { LakeRow } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import { encodeLakeRow, makeLakeRow } from './fixtures/make-lake-row';
import { processRecords } from './process-records';

const record = (data: Uint8Array, sequenceNumber = String(Math.random())) => ({
  sequenceNumber,
  data,
});
/** A record as the ingest aggregates a request's events of one user: NDJSON, one row per line. */
const aggregated = (lines: readonly (LakeRow | string)[], sequenceNumber?: string) =>
  record(
    new TextEncoder().encode(
      lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'),
    ),
    sequenceNumber,
  );

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

  it('reads gzipped records as the ingest writes them, beside plain ones', () => {
    const rows = [makeLakeRow(), makeLakeRow(), makeLakeRow()];
    const gzipped = record(
      gzipSync(
        rows
          .slice(0, 2)
          .map((r) => JSON.stringify(r))
          .join('\n'),
      ),
    );
    const result = processRecords([gzipped, aggregated([rows[2] as LakeRow])]);
    expect(result.rows.map((r) => [r.row, r.recordIndex])).toEqual([
      [rows[0], 0],
      [rows[1], 0],
      [rows[2], 1],
    ]);
    expect(result.rows.map((r) => Buffer.from(r.json).toString())).toEqual(
      rows.map((r) => JSON.stringify(r)),
    );
    expect(result.malformed).toEqual([]);
  });

  it('reports a gzipped record that does not inflate once, whole, as base64, and goes on', () => {
    const good = makeLakeRow();
    const corrupt = gzipSync(JSON.stringify(makeLakeRow())).subarray(0, 20);
    const result = processRecords([record(corrupt, '7'), aggregated([good])]);
    expect(result.rows.map((r) => r.row)).toEqual([good]);
    expect(result.malformed).toEqual([
      {
        failure: 'malformed_record',
        sequenceNumber: '7',
        recordIndex: 0,
        reason: expect.stringMatching(/^gzip record data does not inflate: /),
        payload: Buffer.from(corrupt).toString('base64'),
      },
    ]);
  });

  it('reads aggregated records and single-event records from before aggregation side by side', () => {
    const rows = Array.from({ length: 6 }, () => makeLakeRow());
    const result = processRecords([
      record(encodeLakeRow(rows[0])),
      aggregated(rows.slice(1, 4)),
      record(encodeLakeRow(rows[4])),
      aggregated([rows[5] as LakeRow]),
    ]);
    expect(result.rows.map((r) => r.row)).toEqual(rows);
    expect(result.rows.map((r) => r.recordIndex)).toEqual([0, 1, 1, 1, 2, 3]);
    expect(result.malformed).toEqual([]);
  });

  it("gives each row its own line's bytes, unchanged", () => {
    const rows = [makeLakeRow({ title: 'Größe – 靴' }), makeLakeRow()];
    const [first, second] = processRecords([aggregated(rows)]).rows;
    expect(new TextDecoder().decode(first?.json)).toBe(JSON.stringify(rows[0]));
    expect(new TextDecoder().decode(second?.json)).toBe(JSON.stringify(rows[1]));
  });

  it('reports a malformed line with its record and line index and keeps the good lines of that record', () => {
    const [a, b] = [makeLakeRow(), makeLakeRow()];
    const result = processRecords([
      aggregated([a as LakeRow, '{"message_id":', b as LakeRow], '7'),
    ]);
    expect(result.rows.map((r) => r.row)).toEqual([a, b]);
    expect(result.malformed).toEqual([
      {
        failure: 'malformed_record',
        sequenceNumber: '7',
        recordIndex: 0,
        lineIndex: 1,
        reason: expect.stringMatching(/^data is not JSON/),
        payload: '{"message_id":',
      },
    ]);
  });

  it('reports an invalid UTF-8 line as base64 and keeps the others', () => {
    const good = makeLakeRow();
    const data = Buffer.concat([encodeLakeRow(good), Buffer.from([0x0a, 0xff, 0xfe])]);
    const result = processRecords([record(data, '8')]);
    expect(result.rows.map((r) => r.row)).toEqual([good]);
    expect(result.malformed).toMatchObject([
      {
        lineIndex: 1,
        reason: 'data is not valid UTF-8',
        payload: Buffer.from([0xff, 0xfe]).toString('base64'),
      },
    ]);
  });

  it('reports a record with no good line once, whole, with the reason of its first line', () => {
    const result = processRecords([aggregated(['nope', '{"also":"not a row"}'], '9')]);
    expect(result.rows).toEqual([]);
    expect(result.malformed).toEqual([
      {
        failure: 'malformed_record',
        sequenceNumber: '9',
        recordIndex: 0,
        reason: expect.stringMatching(/^data is not JSON/),
        payload: 'nope\n{"also":"not a row"}',
      },
    ]);
  });

  it('keeps the first line of each message_id across lines and records', () => {
    const [a, b] = [makeLakeRow(), makeLakeRow()];
    const result = processRecords([
      aggregated([a as LakeRow, a as LakeRow, b as LakeRow]),
      aggregated([b as LakeRow]),
    ]);
    expect(result.rows.map((r) => r.row)).toEqual([a, b]);
    expect(result.duplicates).toBe(2);
  });
});
