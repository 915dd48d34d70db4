import { type DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import { ATHENA_COMPAT_SQL } from './athena-compat';
import { sqlString } from './duckdb-sql';
import { eventsViewSql } from './events-view';
import { lakePaths } from './lake-paths';

/** A file listed by the glob vanished before it was read: compaction replaced it. */
const VANISHED_FILE = /No files found|Cannot open file|No such file|could not open/i;
const ATTEMPTS = 3;

/**
 * Runs SQL against the local lake, where `clickstream.events` is the events view and the
 * Athena (Trino) functions of the analysts' queries work as in AWS.
 *
 * Each call opens a fresh in-memory DuckDB that reads the Parquet files: no database file, so
 * no lock, so this works while `npm start` writes. A query that races a compaction (a file
 * listed, then replaced) is run again.
 *
 * @param dataDir - the runtime's data folder (`CLICKSTREAM_DATA_DIR`)
 * @param sql - one or more statements; the last one's rows are returned
 * @returns rows as plain objects: integers as numbers (strings beyond 2^53), dates and
 *   timestamps as strings, NULL as null
 * @example await queryLake('.data', 'SELECT count(*) AS n FROM clickstream.events')
 * @see docs/sql.md
 */
export async function queryLake(dataDir: string, sql: string): Promise<Record<string, unknown>[]> {
  for (let attempt = 1; ; attempt++) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await prepareLakeConnection(connection, dataDir);
      return toPlainRows(await connection.runAndReadAll(sql));
    } catch (err) {
      if (attempt >= ATTEMPTS || !VANISHED_FILE.test((err as Error).message)) throw err;
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
}

/**
 * Defines the Athena-compat macros and `clickstream.events` on a connection.
 *
 * @param connection - an in-memory DuckDB connection
 * @param dataDir - the runtime's data folder
 */
export async function prepareLakeConnection(
  connection: DuckDBConnection,
  dataDir: string,
): Promise<void> {
  const paths = lakePaths(dataDir);
  for (const statement of ATHENA_COMPAT_SQL) await connection.run(statement);
  const files = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM glob(${sqlString(paths.eventsGlob)})`,
  );
  const hasFiles = Number(files.getRows()[0]?.[0] ?? 0) > 0;
  for (const statement of eventsViewSql(paths, hasFiles)) await connection.run(statement);
}

function toPlainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const js = reader.getRowObjectsJS();
  const json = reader.getRowObjectsJson();
  return js.map((row, i) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, plainValue(value, json[i]?.[key])]),
    ),
  );
}

function plainValue(js: unknown, json: unknown): unknown {
  if (typeof js === 'bigint') {
    return js >= BigInt(Number.MIN_SAFE_INTEGER) && js <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(js)
      : String(js);
  }
  if (js === null || typeof js === 'number' || typeof js === 'boolean' || typeof js === 'string') {
    return js;
  }
  return json;
}
