import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lakeDataColumns, lakePartitionPath } from '@clickstream/contract';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLakeRow } from '../../core/stream/fixtures/make-lake-row';
import { lakePaths } from './lake-paths';
import { openLakeWriter } from './lake-writer';
import { closeLakeQueries, queryLake } from './query-lake';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-writer-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const parquetIn = async (dir: string) =>
  (await readdir(dir)).filter((f) => f.endsWith('.parquet')).sort();

describe('openLakeWriter', () => {
  it('writes one Parquet file per partition under year=/month=/day=/hour= of receive time', async () => {
    const a = makeLakeRow({ received_at: '2026-11-25T17:59:59.999Z' });
    const b = makeLakeRow({ received_at: '2026-11-25T18:00:00.000Z' });
    const writer = await openLakeWriter({ dataDir });
    expect(await writer.write([a, b, makeLakeRow({ received_at: a.received_at })])).toEqual({
      files: 2,
    });
    writer.close();
    const { events } = lakePaths(dataDir);
    expect(lakePartitionPath(a)).toBe('year=2026/month=11/day=25/hour=17');
    expect(await parquetIn(join(events, lakePartitionPath(a)))).toHaveLength(1);
    expect(await parquetIn(join(events, lakePartitionPath(b)))).toHaveLength(1);
  });

  it('stores exactly the contract’s data columns, in order, with their Glue types', async () => {
    const row = makeLakeRow();
    const writer = await openLakeWriter({ dataDir });
    await writer.write([row]);
    writer.close();
    const [file] = await parquetIn(join(lakePaths(dataDir).events, lakePartitionPath(row)));
    const path = join(lakePaths(dataDir).events, lakePartitionPath(row), file ?? '');
    const schema = await queryLake(
      dataDir,
      `SELECT name, type, logical_type FROM parquet_schema('${path}') WHERE name <> 'duckdb_schema'`,
    );
    expect(schema.map((c) => c.name)).toEqual(lakeDataColumns.map((c) => c.name));
    const physical = { string: 'BYTE_ARRAY', boolean: 'BOOLEAN', int: 'INT32', double: 'DOUBLE' };
    expect(schema.map((c) => c.type)).toEqual(lakeDataColumns.map((c) => physical[c.type]));
  });

  it('keeps every value as the stream had it, nulls included', async () => {
    const row = makeLakeRow({
      event: null,
      screen_width: null,
      is_bot: true,
      properties: '{"a":[1]}',
    });
    const writer = await openLakeWriter({ dataDir });
    await writer.write([row]);
    writer.close();
    expect(await queryLake(dataDir, 'SELECT * FROM clickstream.events')).toEqual([row]);
  });

  it('writes rows given as their JSON lines, all into the partition the caller names', async () => {
    const rows = [makeLakeRow({ event: 'a' }), makeLakeRow({ event: 'b', screen_width: null })];
    const writer = await openLakeWriter({ dataDir });
    const lines = rows.map((row) => Buffer.from(JSON.stringify(row)));
    const partition = lakePartitionPath(rows[0] ?? makeLakeRow());
    expect(await writer.write(lines, partition)).toEqual({ files: 1 });
    writer.close();
    expect(await parquetIn(join(lakePaths(dataDir).events, partition))).toHaveLength(1);
    expect(await queryLake(dataDir, 'SELECT * FROM clickstream.events ORDER BY event')).toEqual(
      rows,
    );
  });

  it('splits a write of more than rowsPerCopy rows into several files, losing none', async () => {
    const rows = Array.from({ length: 5 }, () => makeLakeRow());
    const writer = await openLakeWriter({ dataDir, rowsPerCopy: 2 });
    expect(await writer.write(rows)).toEqual({ files: 3 });
    expect(await writer.countRows()).toBe(5);
    writer.close();
  });

  it('merges a partition’s small files into one and drops repeated message_ids', async () => {
    const rows = Array.from({ length: 10 }, () => makeLakeRow());
    const writer = await openLakeWriter({ dataDir, compactMinFiles: 4, trashGraceMs: 0 });
    for (const row of rows) await writer.write([row]);
    await writer.write(rows.slice(0, 3));
    expect(await writer.countRows()).toBe(13);
    expect(await writer.compact()).toEqual({
      partitions: 1,
      filesMerged: 11,
      duplicatesRemoved: 3,
    });
    expect(await writer.countRows()).toBe(10);
    const dir = join(lakePaths(dataDir).events, lakePartitionPath(rows[0] ?? makeLakeRow()));
    expect(await parquetIn(dir)).toEqual([expect.stringMatching(/^compact-/)]);
    await writer.compact();
    expect(await readdir(lakePaths(dataDir).trash)).toEqual([]);
    writer.close();
    const ids = await queryLake(
      dataDir,
      'SELECT message_id FROM clickstream.events ORDER BY received_at',
    );
    expect(ids.map((r) => r.message_id).sort()).toEqual(rows.map((r) => r.message_id).sort());
  });

  it('merges in tiers, so a merged file is not rewritten with every few new files', async () => {
    const writer = await openLakeWriter({ dataDir, compactMinFiles: 2, trashGraceMs: 0 });
    const row = () => makeLakeRow({ received_at: '2026-11-25T17:00:00.000Z' });
    const dir = join(lakePaths(dataDir).events, lakePartitionPath(row()));
    const tiers = async () => (await parquetIn(dir)).map((f) => f.split('-')[1]).sort();
    await writer.write([row()]);
    await writer.write([row()]);
    expect(await writer.compact()).toMatchObject({ filesMerged: 2 });
    expect(await tiers()).toEqual(['1']);
    // One new file beside the merged one: not enough of its tier, nothing is rewritten.
    await writer.write([row()]);
    expect(await writer.compact()).toMatchObject({ filesMerged: 0 });
    await writer.write([row()]);
    expect(await writer.compact()).toMatchObject({ filesMerged: 2 });
    expect(await tiers()).toEqual(['1', '1']);
    // Two merged files make the next tier.
    expect(await writer.compact()).toMatchObject({ filesMerged: 2 });
    expect(await tiers()).toEqual(['2']);
    expect(await writer.countRows()).toBe(4);
    writer.close();
  });

  it('leaves partitions with few small files alone', async () => {
    const writer = await openLakeWriter({ dataDir, compactMinFiles: 4 });
    await writer.write([makeLakeRow()]);
    await writer.write([makeLakeRow()]);
    expect(await writer.compact()).toEqual({ partitions: 0, filesMerged: 0, duplicatesRemoved: 0 });
    writer.close();
  });

  it('deletes half-written files left in staging by a crash, which no query ever saw', async () => {
    const { staging } = lakePaths(dataDir);
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, 'torn.parquet'), 'PAR1 half a file');
    const writer = await openLakeWriter({ dataDir });
    writer.close();
    expect(await readdir(staging)).toEqual([]);
    expect(await queryLake(dataDir, 'SELECT count(*) AS n FROM clickstream.events')).toEqual([
      { n: 0 },
    ]);
  });
});

// Close this worker's cached DuckDB instances before it exits (see closeLakeQueries).
afterAll(closeLakeQueries);
