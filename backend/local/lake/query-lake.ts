import { type DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import { ATHENA_COMPAT_SQL, UTC_SESSION_SQL } from './athena-compat';
import { sqlString } from './duckdb-sql';
import { CANDIDATE_HASHES_TABLE, eventsViewSql, REPEATED_POSITIONS_VIEW } from './events-view';
import { lakePaths } from './lake-paths';
import {
  loadCandidates,
  messageIdIndexes,
  removeOrphanIndexes,
  removeUnreadableIndexes,
  saveCandidates,
} from './message-id-index';

/** A file listed by the glob vanished before it was read: compaction replaced it. */
const VANISHED_FILE = /No files found|Cannot open file|No such file|could not open/i;
const ATTEMPTS = 3;
/** A long-running process saves the dedup state at most this often. */
const SAVE_INTERVAL_MS = 10_000;

interface LakeDatabase {
  readonly instance: DuckDBInstance;
  /** The files the view reads now, one per line; undefined: define it afresh. */
  viewFiles?: string;
  /** When this process last saved the dedup state for the next process (`saveCandidates`). */
  savedAt?: number;
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
 * `eventsViewSql`) through each file's message-id index, which the first process to see a
 * file writes next to the lake (`messageIdIndexes`): a new process reads the indexes instead
 * of every `message_id`, so its cost scales with the files no process has seen yet.
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
    const defining = defineView(database, dataDir, files, key);
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
  dataDir: string,
  files: readonly string[],
  key: string,
): Promise<void> {
  const connection = await database.instance.connect();
  try {
    let indexes = await messageIdIndexes(connection, dataDir, files);
    let saved = await loadCandidates(connection, dataDir, indexes);
    try {
      await runInTransaction(connection, eventsViewSql(files, indexes, saved));
    } catch (err) {
      // An index DuckDB cannot read (a torn write after the machine crashed) is built again,
      // without the saved candidates; any other error, or a second failure, is the query's.
      if (VANISHED_FILE.test((err as Error).message)) throw err;
      const unreadable = [...indexes, saved?.candidates, saved?.repeated].filter(
        (f): f is string => f !== undefined,
      );
      if ((await removeUnreadableIndexes(connection, unreadable)) === 0) throw err;
      indexes = await messageIdIndexes(connection, dataDir, files);
      saved = undefined;
      await runInTransaction(connection, eventsViewSql(files, indexes));
    }
    // While the pipeline writes, the files change every few seconds: saving each time would
    // write megabytes a second at 10M events. A state a few seconds old is as correct (the
    // next process counts the files new since); only its cost grows.
    const now = Date.now();
    if (!saved?.current && now - (database.savedAt ?? 0) >= SAVE_INTERVAL_MS) {
      database.savedAt = now;
      // Best effort: without it (disk full) the next process does more work, not wrong work.
      await saveCandidates(connection, dataDir, indexes, {
        candidates: CANDIDATE_HASHES_TABLE,
        repeated: REPEATED_POSITIONS_VIEW,
      }).catch(() => undefined);
    }
    database.viewFiles = key;
    // Indexes of compacted files would pile up. Best effort: a failure here (another process
    // deleting the same orphan) costs disk space, not a wrong answer.
    await removeOrphanIndexes(connection, dataDir).catch(() => 0);
  } finally {
    connection.closeSync();
  }
}

async function runInTransaction(
  connection: DuckDBConnection,
  statements: readonly string[],
): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const statement of statements) await connection.run(statement);
    await connection.run('COMMIT');
  } catch (err) {
    await connection.run('ROLLBACK');
    throw err;
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
