import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLakeRow } from '../../core/stream/fixtures/make-lake-row';
import { sqlString } from './duckdb-sql';
import { lakePaths } from './lake-paths';
import { openLakeWriter } from './lake-writer';
import { closeLakeQueries, queryLake } from './query-lake';

const run = promisify(execFile);
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-ids-'));
});
afterEach(async () => {
  await closeLakeQueries();
  await rm(dataDir, { recursive: true, force: true });
});
afterAll(closeLakeQueries);

const at = (hour: string) => ({ received_at: `2026-01-02T${hour}:04:05.000Z`, hour });
const tree = async (folder: string) =>
  (await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
const dataFiles = () => tree(lakePaths(dataDir).events);
const indexFiles = async () =>
  (await tree(lakePaths(dataDir).ids)).filter((f) => f.endsWith('.ids.parquet'));
const rows = (sql = 'SELECT message_id, hour FROM clickstream.events ORDER BY message_id') =>
  queryLake(dataDir, sql);

async function writeFiles(...batches: ReturnType<typeof makeLakeRow>[][]) {
  const writer = await openLakeWriter({ dataDir });
  for (const batch of batches) await writer.write(batch);
  writer.close();
}

/** SQL on a DuckDB of its own, as another tool would touch the files. */
async function duckdb(sql: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('the message-id index of each data file', () => {
  it('is written next to the lake, outside the events glob, one per data file', async () => {
    await writeFiles([makeLakeRow(), makeLakeRow()], [makeLakeRow()]);
    expect(await rows('SELECT count(*) AS n FROM clickstream.events')).toEqual([{ n: 3 }]);
    const indexes = await indexFiles();
    expect(indexes).toHaveLength((await dataFiles()).length);
    expect(indexes.every((f) => !f.startsWith(lakePaths(dataDir).events))).toBe(true);
    expect(await tree(lakePaths(dataDir).ids)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
  });

  it('lets a new process hide a repeat, in a new file, of an id stored in an old one, keeping the first copy', async () => {
    const row = makeLakeRow(at('03'));
    await writeFiles([row, makeLakeRow(at('03'))]);
    expect(await rows('SELECT count(*) AS n FROM clickstream.events')).toEqual([{ n: 2 }]);
    await closeLakeQueries(); // the next query is a new `npm run query` process
    await writeFiles([{ ...row, ...at('05') }, makeLakeRow(at('05'))]);
    const seen = await rows();
    expect(seen).toHaveLength(3);
    expect(seen.filter((r) => r.message_id === row.message_id)).toEqual([
      { message_id: row.message_id, hour: '03' },
    ]);
  });

  it('shows the other copy once the file of the first is compacted away, and deletes its index', async () => {
    const row = makeLakeRow(at('03'));
    await writeFiles([row], [{ ...row, ...at('05') }, makeLakeRow(at('05'))]);
    expect(await rows()).toHaveLength(2);
    const [first] = await dataFiles();
    await rm(first as string);
    await closeLakeQueries();
    const seen = await rows();
    expect(seen).toHaveLength(2);
    expect(seen.filter((r) => r.message_id === row.message_id)).toEqual([
      { message_id: row.message_id, hour: '05' },
    ]);
    expect(await indexFiles()).toHaveLength(1);
  });

  it('never hides an event whose id hash collides with another id’s (forced collision)', async () => {
    const a = makeLakeRow(at('03'));
    const b = makeLakeRow(at('05'));
    await writeFiles([a], [b]);
    expect(await rows()).toHaveLength(2);
    await closeLakeQueries();
    // Give b's index a's hash: as if hash(a.message_id) = hash(b.message_id).
    const [indexA, indexB] = (await indexFiles()) as [string, string];
    const forged = `${indexB}.forged`;
    await duckdb(
      `COPY (SELECT (SELECT h FROM read_parquet(${sqlString(indexA)})) AS h, r
             FROM read_parquet(${sqlString(indexB)})) TO ${sqlString(forged)} (FORMAT parquet)`,
    );
    await writeFile(indexB, await readFile(forged));
    await rm(forged);
    // Without the saved candidates, every hash is grouped: the collision is a candidate.
    const root = join(indexA, '../../../../..');
    await rm(join(root, 'candidates.json'));
    expect(await rows()).toEqual(
      [a, b]
        .map((r) => ({ message_id: r.message_id, hour: r.hour }))
        .sort((x, y) => x.message_id.localeCompare(y.message_id)),
    );
    const { candidates } = JSON.parse(await readFile(join(root, 'candidates.json'), 'utf8'));
    const saved = join(root, candidates);
    expect(await duckdb(`SELECT count(*) FROM read_parquet(${sqlString(saved)})`)).toEqual([[1n]]);
  });

  it('is rebuilt when it cannot be read', async () => {
    const row = makeLakeRow(at('03'));
    await writeFiles([row], [{ ...row, ...at('05') }]);
    expect(await rows()).toHaveLength(1);
    await closeLakeQueries();
    for (const index of await indexFiles()) await writeFile(index, 'torn write');
    await writeFiles([{ ...row, ...at('06') }]); // a new file: every index is read again
    expect(await rows()).toEqual([{ message_id: row.message_id, hour: '03' }]);
    const [index] = await indexFiles();
    expect(
      (await duckdb(`SELECT count(*) FROM read_parquet(${sqlString(index as string)})`))[0],
    ).toEqual([1n]);
  });

  it('is built by two query processes at once without harm', { timeout: 60_000 }, async () => {
    const repeated = makeLakeRow(at('03'));
    await writeFiles(
      [repeated, makeLakeRow(at('03'))],
      [{ ...repeated, ...at('04') }, makeLakeRow(at('04'))],
      [{ ...repeated, ...at('05') }, makeLakeRow(at('05'))],
    );
    const query = () =>
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, '../query-cli.ts'),
          'SELECT count(*) AS n, count(DISTINCT message_id) AS ids FROM clickstream.events',
          '--json',
        ],
        { env: { ...process.env, CLICKSTREAM_DATA_DIR: dataDir } },
      );
    const answers = await Promise.all([query(), query(), query()]);
    for (const { stdout } of answers) expect(JSON.parse(stdout)).toEqual({ n: 4, ids: 4 });
    expect(await indexFiles()).toHaveLength(3);
    expect(await tree(lakePaths(dataDir).ids)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    expect(await rows('SELECT count(*) AS n FROM clickstream.events')).toEqual([{ n: 4 }]);
  });
});
