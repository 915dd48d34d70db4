import { type DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import { ATHENA_COMPAT_SQL, UTC_SESSION_SQL } from './athena-compat';
import { sqlString } from './duckdb-sql';
import { eventsViewSql } from './events-view';
import { lakePaths } from './lake-paths';

/** A file listed by the glob vanished before it was read: compaction replaced it. */
const VANISHED_FILE = /No files found|Cannot open file|No such file|could not open/i;
const ATTEMPTS = 3;

interface LakeDatabase {
  readonly instance: DuckDBInstance;
  /** Whether the view reads files (false: the typed empty view of an empty lake). */
  hasFiles: boolean;
}

/**
 * One in-memory DuckDB per data folder and process, created on first use: opening one and
 * defining the macros and view took most of a query's time (~1 s of 1.2 s in the lake bench on
 * a loaded machine). The view re-lists the files on every query, so new files show up.
 */
const databases = new Map<string, Promise<LakeDatabase>>();

/**
 * Runs SQL against the local lake, where `clickstream.events` is the events view and the
 * Athena (Trino) functions of the analysts' queries work as in AWS.
 *
 * DuckDB reads the Parquet files directly: no database file, so no lock, so this works while
 * `npm start` writes. A query that races a compaction (a file listed, then replaced) is run
 * again.
 *
 * @param dataDir - the runtime's data folder (`CLICKSTREAM_DATA_DIR`)
 * @param sql - one or more statements; the last one's rows are returned. Tables or macros it
 *   creates stay in this process's in-memory database for later calls on the same folder.
 * @returns rows as plain objects: integers as numbers (strings beyond 2^53), dates and
 *   timestamps as strings, NULL as null
 * @example await queryLake('.data', 'SELECT count(*) AS n FROM clickstream.events')
 * @see docs/sql.md
 */
export async function queryLake(dataDir: string, sql: string): Promise<Record<string, unknown>[]> {
  for (let attempt = 1; ; attempt++) {
    const database = await lakeDatabase(dataDir);
    const connection = await database.instance.connect();
    try {
      await connection.run(UTC_SESSION_SQL);
      return toPlainRows(await connection.runAndReadAll(sql));
    } catch (err) {
      if (attempt >= ATTEMPTS || !VANISHED_FILE.test((err as Error).message)) throw err;
      // The lake may have been emptied: define the view afresh.
      forget(dataDir, database);
    } finally {
      connection.closeSync();
    }
  }
}

/**
 * Closes every cached database of this process. Call it before the process ends: DuckDB
 * instances left to the exit-time finalizers crashed vitest's worker after a test removed the
 * folder they were reading ("Worker exited unexpectedly", all tests passed).
 */
export async function closeLakeQueries(): Promise<void> {
  const open = [...databases.values()];
  databases.clear();
  for (const pending of open) {
    const database = await pending.catch(() => undefined);
    database?.instance.closeSync();
  }
}

async function lakeDatabase(dataDir: string): Promise<LakeDatabase> {
  let pending = databases.get(dataDir);
  if (!pending) {
    pending = openLakeDatabase(dataDir);
    databases.set(dataDir, pending);
    pending.catch(() => databases.delete(dataDir));
  }
  const database = await pending;
  if (!database.hasFiles && (await countFiles(database.instance, dataDir)) > 0) {
    // The first files arrived since the empty view was defined.
    forget(dataDir, database);
    return lakeDatabase(dataDir);
  }
  return database;
}

/** Drops a database from the cache; queries still running on it finish, then it is collected. */
function forget(dataDir: string, database: LakeDatabase): void {
  void databases.get(dataDir)?.then((current) => {
    if (current === database) databases.delete(dataDir);
  });
}

async function openLakeDatabase(dataDir: string): Promise<LakeDatabase> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const hasFiles = (await countFiles(instance, dataDir)) > 0;
    await connection.run(UTC_SESSION_SQL);
    for (const statement of ATHENA_COMPAT_SQL) await connection.run(statement);
    for (const statement of eventsViewSql(lakePaths(dataDir), hasFiles)) {
      await connection.run(statement);
    }
    return { instance, hasFiles };
  } finally {
    connection.closeSync();
  }
}

async function countFiles(instance: DuckDBInstance, dataDir: string): Promise<number> {
  const connection: DuckDBConnection = await instance.connect();
  try {
    const files = await connection.runAndReadAll(
      `SELECT count(*) FROM glob(${sqlString(lakePaths(dataDir).eventsGlob)})`,
    );
    return Number(files.getRows()[0]?.[0] ?? 0);
  } finally {
    connection.closeSync();
  }
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
