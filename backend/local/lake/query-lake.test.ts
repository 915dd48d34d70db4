import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lakeColumns } from '@clickstream/contract';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLakeRow } from '../../core/stream/fixtures/make-lake-row';
import { openLakeWriter } from './lake-writer';
import { closeLakeQueries, queryLake } from './query-lake';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-query-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('queryLake', () => {
  it('answers on an empty lake with an empty view that has every contract column', async () => {
    expect(await queryLake(dataDir, 'SELECT count(*) AS n FROM clickstream.events')).toEqual([
      { n: 0 },
    ]);
    const columns = await queryLake(dataDir, 'DESCRIBE clickstream.events');
    expect(columns.map((c) => c.column_name)).toEqual(lakeColumns.map((c) => c.name));
  });

  it('shows each message_id once although it is stored in two files', async () => {
    const row = makeLakeRow();
    const writer = await openLakeWriter({ dataDir });
    await writer.write([row, makeLakeRow()]);
    await writer.write([row]);
    writer.close();
    const rows = await queryLake(
      dataDir,
      `SELECT message_id, count(*) OVER (PARTITION BY message_id) AS copies FROM clickstream.events`,
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.copies === 1)).toBe(true);
  });

  it('keeps the first received copy of a message_id, so a partition range shows an event once or not at all', async () => {
    const row = makeLakeRow({ received_at: '2026-01-02T03:04:05.000Z' });
    const writer = await openLakeWriter({ dataDir });
    await writer.write([{ ...row, received_at: '2026-01-02T05:00:00.000Z', hour: '05' }]);
    await writer.write([row]);
    writer.close();
    const all = await queryLake(dataDir, 'SELECT hour FROM clickstream.events');
    expect(all).toEqual([{ hour: '03' }]);
    const later = await queryLake(
      dataDir,
      `SELECT hour FROM clickstream.events WHERE hour >= '04'`,
    );
    expect(later).toEqual([]);
  });

  it('sees files written since the last query, deduplicated against the earlier ones', async () => {
    const row = makeLakeRow();
    const writer = await openLakeWriter({ dataDir });
    await writer.write([row]);
    expect(await queryLake(dataDir, 'SELECT count(*) AS n FROM clickstream.events')).toEqual([
      { n: 1 },
    ]);
    await writer.write([row, makeLakeRow()]);
    writer.close();
    expect(await queryLake(dataDir, 'SELECT count(*) AS n FROM clickstream.events')).toEqual([
      { n: 2 },
    ]);
  });

  it('reads partition columns as zero-padded strings, as Firehose writes them', async () => {
    const writer = await openLakeWriter({ dataDir });
    await writer.write([makeLakeRow({ received_at: '2026-01-02T03:04:05.000Z' })]);
    writer.close();
    expect(
      await queryLake(dataDir, 'SELECT year, month, day, hour FROM clickstream.events'),
    ).toEqual([{ year: '2026', month: '01', day: '02', hour: '03' }]);
  });

  it('returns the last statement’s rows when given several', async () => {
    expect(
      await queryLake(dataDir, 'CREATE TABLE t AS SELECT 1 AS x; SELECT x + 1 AS y FROM t;'),
    ).toEqual([{ y: 2 }]);
  });

  it('fails with DuckDB’s message on bad SQL', async () => {
    await expect(queryLake(dataDir, 'SELEC 1')).rejects.toThrow(/syntax error/i);
  });
});

describe('Athena (Trino) functions in the local lake', () => {
  const one = async (expression: string) =>
    (await queryLake(dataDir, `SELECT ${expression} AS v`))[0]?.v;

  it('from_iso8601_timestamp parses UTC ISO times with milliseconds, as UTC', async () => {
    expect(await one(`from_iso8601_timestamp('2026-11-25T23:30:00.123Z')`)).toBe(
      '2026-11-25 23:30:00.123',
    );
  });

  it('from_iso8601_timestamp converts a time with an offset to UTC, never drops the offset', async () => {
    expect(await one(`from_iso8601_timestamp('2026-11-26T01:30:00.123+02:00')`)).toBe(
      '2026-11-25 23:30:00.123',
    );
    expect(await one(`date(from_iso8601_timestamp('2026-11-26T01:30:00+02:00'))`)).toBe(
      '2026-11-25',
    );
  });

  it('date of a timestamp is its UTC day', async () => {
    expect(await one(`date(from_iso8601_timestamp('2026-11-25T23:59:59.999Z'))`)).toBe(
      '2026-11-25',
    );
  });

  it('date_diff counts whole units elapsed like Trino, not boundaries crossed like DuckDB', async () => {
    // 23:00 → 01:00 crosses midnight but is 2 hours: Trino says 0 days.
    expect(
      await one(
        `date_diff('day', from_iso8601_timestamp('2026-11-01T23:00:00Z'), from_iso8601_timestamp('2026-11-02T01:00:00Z'))`,
      ),
    ).toBe(0);
    expect(await one(`date_diff('month', DATE '2026-01-31', DATE '2026-02-01')`)).toBe(0);
    expect(await one(`date_diff('week', DATE '2026-11-02', DATE '2026-11-08')`)).toBe(0);
    expect(await one(`date_diff('week', DATE '2026-11-02', DATE '2026-11-09')`)).toBe(1);
    expect(await one(`date_diff('week', DATE '2026-11-16', DATE '2026-11-02')`)).toBe(-2);
  });

  it('date_trunc keeps a date a date and a timestamp a timestamp, like Trino', async () => {
    expect(await one(`date_trunc('week', DATE '2026-11-25')`)).toBe('2026-11-23');
    expect(await one(`typeof(date_trunc('month', DATE '2026-11-25'))`)).toBe('DATE');
    expect(await one(`date_trunc('hour', from_iso8601_timestamp('2026-11-25T17:45:12Z'))`)).toBe(
      '2026-11-25 17:00:00',
    );
    expect(await one(`date_trunc('hour', TIMESTAMPTZ '2026-11-25 17:45:12+00')`)).toBe(
      '2026-11-25 17:00:00+00',
    );
  });

  it('json_extract_scalar returns scalars as text and NULL for objects, like Trino', async () => {
    const json = `'{"price":9.5,"sku":"p1","tags":["a"],"missing":null}'`;
    expect(await one(`json_extract_scalar(${json}, '$.price')`)).toBe('9.5');
    expect(await one(`json_extract_scalar(${json}, '$.sku')`)).toBe('p1');
    expect(await one(`json_extract_scalar(${json}, '$.tags')`)).toBeNull();
    expect(await one(`json_extract_scalar(${json}, '$.nope')`)).toBeNull();
  });

  it('approx_distinct is within Trino’s 2.3% error (exact, where DuckDB’s own estimate is off by 20%)', async () => {
    expect(await one(`(SELECT approx_distinct(i % 10000) FROM range(100000) t(i))`)).toBe(10000);
  });
});

// Close this worker's cached DuckDB instances before it exits (see closeLakeQueries).
afterAll(closeLakeQueries);
