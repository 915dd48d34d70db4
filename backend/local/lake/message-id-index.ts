import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './duckdb-sql';
import { lakePaths } from './lake-paths';

/** Bump when the index's columns or meaning change: old indexes are then never read. */
const FORMAT = 'v1';
const SUFFIX = '.ids.parquet';
const TEMP = /\.tmp$/;
const MANIFEST = 'candidates.json';
const CANDIDATES = /^candidates-[0-9a-f-]+\.parquet$/;
/** A temp file this old was left by a process that died mid-write. */
const STALE_TEMP_MS = 10 * 60 * 1000;
/**
 * Saved candidates no manifest names any more are deleted after this: a process reads them
 * within the second after it read the manifest, and one that loses the race lists again.
 */
const UNNAMED_CANDIDATES_MS = 60 * 1000;

/**
 * The message-id index of each data file, built the first time a query process sees the file.
 *
 * An index holds `hash(message_id)` (UBIGINT, `h`) and the row's `file_row_number` (`r`) of
 * one data file: 16 bytes a row, so the dedup can find repeated ids across 10M rows by
 * grouping integers instead of reading and hashing every `message_id` string (~9 CPU s on
 * 10M events, redone by every `npm run query` process). Data files are immutable once in
 * place, so an index stays valid as long as its file: the cold cost then scales with new files.
 *
 * The index lives under `<dataDir>/lake/_ids/<format>-<duckdb version>/` mirroring the data
 * file's path, outside the events glob. Its name carries the data file's size and mtime, so an
 * index of a file that was replaced under the same name is never read (it is an orphan). The
 * DuckDB version is in the path because `hash()` is not promised stable across versions.
 *
 * Written as a temp file, then renamed: a reader sees a whole index or none. Two processes
 * that race write the same content and the last rename wins.
 *
 * @param connection - where to run the `COPY` that builds a missing index
 * @param dataDir - the runtime's data folder (`CLICKSTREAM_DATA_DIR`)
 * @param files - data files under `lakePaths(dataDir).events`, as listed for the view
 * @returns the index of each file, in the order of `files`
 * @throws a "no such file" error when a data file vanished (compaction): list again
 */
export async function messageIdIndexes(
  connection: DuckDBConnection,
  dataDir: string,
  files: readonly string[],
): Promise<string[]> {
  const root = await indexRoot(connection, dataDir);
  const events = lakePaths(dataDir).events;
  const indexes: string[] = [];
  for (const file of files) {
    const index = indexPath(root, events, file, await stat(file));
    if (!(await exists(index))) await writeIndex(connection, file, index);
    indexes.push(index);
  }
  return indexes;
}

/** The candidate hashes of an earlier file set, for `eventsViewSql`'s `previous`. */
export interface SavedCandidates {
  /** Parquet file of the hashes seen more than once in the earlier set's indexes (`h`). */
  readonly candidates: string;
  /** The indexes of `indexes` that were not in the earlier set. */
  readonly newIndexes: readonly string[];
  /** Whether the earlier set is the current one: nothing to save. */
  readonly current: boolean;
  /** When `current`: Parquet file of the set's repeated rows (`i`: position in the list, `r`). */
  readonly repeated?: string;
}

/**
 * The candidates saved by the last process that defined the view in this data folder, or
 * undefined when there are none or they cannot be read (then every hash is grouped).
 *
 * @param indexes - the current file set's indexes, from `messageIdIndexes`
 */
export async function loadCandidates(
  connection: DuckDBConnection,
  dataDir: string,
  indexes: readonly string[],
): Promise<SavedCandidates | undefined> {
  const root = await indexRoot(connection, dataDir);
  const manifest = await readFile(join(root, MANIFEST), 'utf8').then(
    (text) => JSON.parse(text) as { indexes?: unknown; candidates?: unknown; repeated?: unknown },
    () => undefined,
  );
  if (
    !manifest ||
    typeof manifest.candidates !== 'string' ||
    !CANDIDATES.test(manifest.candidates) ||
    !Array.isArray(manifest.indexes)
  ) {
    return undefined;
  }
  const candidates = join(root, manifest.candidates);
  if (!(await exists(candidates))) return undefined;
  const earlier = manifest.indexes.map((i) => join(root, String(i)));
  const known = new Set(earlier);
  const newIndexes = indexes.filter((i) => !known.has(i));
  // Same files in the same order: the saved positions of the repeated rows still hold.
  const current = earlier.length === indexes.length && earlier.every((i, n) => i === indexes[n]);
  const repeated =
    current && typeof manifest.repeated === 'string' && CANDIDATES.test(manifest.repeated)
      ? join(root, manifest.repeated)
      : undefined;
  return repeated && (await exists(repeated))
    ? { candidates, newIndexes, current, repeated }
    : { candidates, newIndexes, current: false };
}

/**
 * Persists the candidate hashes and the repeated rows of the file set of `indexes` (tables or
 * views of the connection), for the next process: Parquet files with fresh names, then a
 * manifest naming them and the set, each written as a temp file and renamed. Two racing processes each leave a
 * consistent pair; the last manifest wins.
 */
export async function saveCandidates(
  connection: DuckDBConnection,
  dataDir: string,
  indexes: readonly string[],
  tables: { readonly candidates: string; readonly repeated: string },
): Promise<void> {
  const root = await indexRoot(connection, dataDir);
  await mkdir(root, { recursive: true });
  const save = async (table: string) => {
    const name = `candidates-${randomUUID()}.parquet`;
    const temp = join(root, `${name}.${process.pid}.tmp`);
    await connection.run(`COPY ${table} TO ${sqlString(temp)} (FORMAT parquet)`);
    await rename(temp, join(root, name));
    return name;
  };
  const candidates = await save(tables.candidates);
  const repeated = await save(tables.repeated);
  const manifestTemp = join(root, `${MANIFEST}.${process.pid}-${randomUUID()}.tmp`);
  await writeFile(
    manifestTemp,
    JSON.stringify({ candidates, repeated, indexes: indexes.map((i) => relative(root, i)) }),
  );
  await rename(manifestTemp, join(root, MANIFEST));
}

/**
 * Deletes indexes that no query can use any more: of data files that are gone or were replaced
 * (compaction), of older formats, candidates no manifest names (after a grace period: a
 * process may have just read the manifest), and temp files of crashed writers. It checks each index
 * against the data file as it is now, not against a listing: a file renamed into place after
 * another process listed keeps its index.
 *
 * @returns how many files it deleted
 */
export async function removeOrphanIndexes(
  connection: DuckDBConnection,
  dataDir: string,
): Promise<number> {
  const { ids, events } = lakePaths(dataDir);
  const root = await indexRoot(connection, dataDir);
  const named = await readFile(join(root, MANIFEST), 'utf8').then(
    (text) => (JSON.parse(text) as { candidates?: unknown }).candidates,
    () => undefined,
  );
  let removed = 0;
  for (const entry of await listTree(ids)) {
    if (
      entry === join(root, MANIFEST) ||
      (typeof named === 'string' && entry === join(root, named))
    ) {
      continue;
    }
    if (await isOrphan(entry, root, events)) {
      await rm(entry, { force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * Deletes the files among `indexes` (indexes or saved candidates) that DuckDB cannot read (a
 * torn write after a crash of the machine, a disk error): they are built again.
 *
 * @returns how many it deleted
 */
export async function removeUnreadableIndexes(
  connection: DuckDBConnection,
  indexes: readonly string[],
): Promise<number> {
  let removed = 0;
  for (const index of indexes) {
    try {
      await connection.run(
        `SELECT bit_xor(hash(COLUMNS(*))) FROM read_parquet(${sqlString(index)})`,
      );
    } catch {
      await rm(index, { force: true });
      removed++;
    }
  }
  return removed;
}

async function indexRoot(connection: DuckDBConnection, dataDir: string): Promise<string> {
  const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0]?.[0];
  return join(lakePaths(dataDir).ids, `${FORMAT}-duckdb-${String(version)}`);
}

function indexPath(
  root: string,
  events: string,
  file: string,
  { size, mtimeMs }: { size: number; mtimeMs: number },
): string {
  return join(root, `${relative(events, file)}.${size}-${Math.trunc(mtimeMs)}${SUFFIX}`);
}

async function writeIndex(connection: DuckDBConnection, file: string, index: string) {
  await mkdir(dirname(index), { recursive: true });
  const temp = `${index}.${process.pid}-${randomUUID()}.tmp`;
  try {
    await connection.run(
      `COPY (SELECT hash(message_id) AS h, file_row_number AS r
             FROM read_parquet(${sqlString(file)}, file_row_number = true))
       TO ${sqlString(temp)} (FORMAT parquet)`,
    );
    await rename(temp, index);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

async function isOrphan(entry: string, root: string, events: string): Promise<boolean> {
  if (TEMP.test(entry) || CANDIDATES.test(basename(entry))) {
    const info = await stat(entry).catch(() => undefined);
    const grace = TEMP.test(entry) ? STALE_TEMP_MS : UNNAMED_CANDIDATES_MS;
    return info !== undefined && Date.now() - info.mtimeMs > grace;
  }
  const inRoot = relative(root, entry);
  if (inRoot.startsWith('..') || !entry.endsWith(SUFFIX)) return true;
  const named = /^(.*)\.\d+-\d+\.ids\.parquet$/.exec(inRoot)?.[1];
  if (named === undefined) return true;
  const file = join(events, named);
  const info = await stat(file).catch(() => undefined);
  return info === undefined || indexPath(root, events, file, info) !== entry;
}

async function listTree(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    },
  );
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
