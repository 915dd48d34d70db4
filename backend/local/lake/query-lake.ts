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
  /** The files the view reads now, one per line; undefined: define it afresh. */
  viewFiles?: string;
  /** The view being defined, awaited by the queries that arrive meanwhile. */
  defining?: Promise<void>;
}

/**
 * One in-memory DuckDB per data folder and process, created on first use: opening one and
 * defining the macros and view took most of a query's time (~1 s of 1.2 s in the lake bench on
 * a loaded machine). The files are listed on every query; the view, with its dedup, is defined
 * afresh when they changed.
 */
const databases = new Map<string, Promise<LakeDatabase>>();

/**
 * Runs SQL against the local lake, where `clickstream.events` is the events view and the
 * Athena (Trino) functions of the analysts' queries work as in AWS.
 *
 * DuckDB reads the Parquet files directly: no database file, so no lock, so this works while
 * `npm start` writes. A query that races a compaction (a file listed, then replaced) is run
 * again. The first query after the files changed also finds their repeated message ids (see
 * `eventsViewSql`): on 10M events that costs about what one query did before.
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
      await currentView(database, dataDir);
      await connection.run(UTC_SESSION_SQL);
      return toPlainRows(await connection.runAndReadAll(sql));
    } catch (err) {
      if (attempt >= ATTEMPTS || !VANISHED_FILE.test((err as Error).message)) throw err;
      // A listed file was replaced: list again and define the view afresh.
      database.viewFiles = undefined;
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
    await database?.defining?.catch(() => undefined);
    database?.instance.closeSync();
  }
}

async function lakeDatabase(dataDir: string): Promise<LakeDatabase> {
  let pending = databases.get(dataDir);
  if (!pending) {
    pending = openLakeDatabase();
    databases.set(dataDir, pending);
    pending.catch(() => databases.delete(dataDir));
  }
  return pending;
}

async function openLakeDatabase(): Promise<LakeDatabase> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(UTC_SESSION_SQL);
    for (const statement of ATHENA_COMPAT_SQL) await connection.run(statement);
    return { instance };
  } finally {
    connection.closeSync();
  }
}

/**
 * Makes the view read the files there are now. A query arriving while the view is being
 * defined waits for it, then checks again: the files may have changed meanwhile.
 */
async function currentView(database: LakeDatabase, dataDir: string): Promise<void> {
  for (;;) {
    const files = await listFiles(database.instance, dataDir);
    const key = files.join('\n');
    if (database.viewFiles === key) return;
    if (database.defining) {
      await database.defining;
      continue;
    }
    const defining = defineView(database, files, key);
    database.defining = defining;
    try {
      await defining;
    } finally {
      database.defining = undefined;
    }
    return;
  }
}

async function defineView(
  database: LakeDatabase,
  files: readonly string[],
  key: string,
): Promise<void> {
  const connection = await database.instance.connect();
  try {
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of eventsViewSql(files)) await connection.run(statement);
      await connection.run('COMMIT');
    } catch (err) {
      await connection.run('ROLLBACK');
      throw err;
    }
    database.viewFiles = key;
  } finally {
    connection.closeSync();
  }
}

async function listFiles(instance: DuckDBInstance, dataDir: string): Promise<string[]> {
  const connection: DuckDBConnection = await instance.connect();
  try {
    const files = await connection.runAndReadAll(
      `SELECT file FROM glob(${sqlString(lakePaths(dataDir).eventsGlob)}) ORDER BY file`,
    );
    return files.getRows().map((r) => String(r[0]));
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
