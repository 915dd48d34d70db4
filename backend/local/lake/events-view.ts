import { lakeColumns } from '@clickstream/contract';
import { DUCKDB_TYPES, HIVE_TYPES, sqlIdent, sqlString } from './duckdb-sql';

/** Schema and view name the analysts' queries use, as the Glue database and table in AWS. */
export const EVENTS_VIEW = 'clickstream.events';

/** The rows the view leaves out: every stored copy of a `message_id` but one. */
const REPEATED_ROWS_TABLE = 'clickstream.repeated_rows';

/** Temp table: the hashes of `message_id` seen more than once in the indexes, to persist. */
export const CANDIDATE_HASHES_TABLE = 'candidate_hashes';

/** Temp view: `REPEATED_ROWS_TABLE` as (position in the file list `i`, row `r`), to persist. */
export const REPEATED_POSITIONS_VIEW = 'repeated_positions';

/**
 * The SQL that defines `clickstream.events` over the given Parquet files.
 *
 * The view reads the files directly (no `.duckdb` database file), so any number of
 * `npm run query` processes can read while the pipeline writes: DuckDB locks database files,
 * not Parquet files. Each `message_id` appears once: the stream is at-least-once and a replay
 * after a crash writes a record again (issue 4: "dedup on write and/or in the view").
 *
 * The dedup is computed once per set of files, not on every query: the rows to leave out
 * (file name and row number, of every copy but the first in file order) go into
 * a small table, and the view is the files anti-joined with it. `DISTINCT ON (message_id)` in
 * the view hashed every message_id on every query: 13 of the DAU query's 16 CPU seconds on
 * 10M events.
 *
 * Finding the repeated ids reads each file's message-id index (`messageIdIndexes`: 64-bit
 * hashes and row numbers, built once per file) and keeps the hashes seen more than once: the
 * candidates. With `previous` (the candidates of an earlier file set, persisted by
 * `saveCandidates`), it does not group all hashes: a hash seen twice now was seen twice in the
 * earlier set or is in a file new since, so only hashes in those two small sets are counted.
 * Files gone since only lower counts, and the counts are taken afresh. Then the full
 * `message_id` of the candidate rows is read from the data files. Rows are left out only when
 * their full `message_id` equals an earlier row's: two ids whose hashes collide share a
 * candidate group, but `PARTITION BY message_id` puts them in different partitions, each with
 * its own first copy, so a hash collision never hides an event. A hash need only be equal for
 * equal ids, which `hash()` is within one DuckDB version (the index's folder names it).
 *
 * @param files - every Parquet file of the table, as listed now; the view reads exactly these,
 *   so a file written after the listing cannot bring a copy past the dedup. `read_parquet`
 *   fails on an empty list, so an empty lake is an empty, typed view.
 * @param indexes - the message-id index of each file, in the same order
 * @param previous - candidates of an earlier file set, and the indexes of files not in it;
 *   when there are none and none are gone (`repeated`: the same set's repeated rows, as saved
 *   by `saveCandidates`), the repeated rows are read back instead of computed
 * @returns statements to run in order, in one transaction; they leave the candidate hashes in
 *   the temp table `CANDIDATE_HASHES_TABLE` of the connection, and the repeated rows by
 *   position in `files` in `REPEATED_POSITIONS_VIEW`, to save
 * @example for (const s of eventsViewSql(files, indexes)) await connection.run(s);
 */
export function eventsViewSql(
  files: readonly string[],
  indexes: readonly string[],
  previous?: {
    readonly candidates: string;
    readonly newIndexes: readonly string[];
    readonly repeated?: string;
  },
): string[] {
  const columns = lakeColumns.map((c) => sqlIdent(c.name)).join(', ');
  if (files.length === 0) {
    return [
      'CREATE SCHEMA IF NOT EXISTS clickstream',
      `CREATE OR REPLACE TEMP TABLE ${CANDIDATE_HASHES_TABLE} (h UBIGINT)`,
      `CREATE OR REPLACE TEMP VIEW ${REPEATED_POSITIONS_VIEW} AS
       SELECT CAST(NULL AS BIGINT) AS i, CAST(NULL AS BIGINT) AS r WHERE false`,
      `CREATE OR REPLACE VIEW ${EVENTS_VIEW} AS SELECT ${lakeColumns
        .map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${sqlIdent(c.name)}`)
        .join(', ')} WHERE false`,
    ];
  }
  if (indexes.length !== files.length) throw new Error('eventsViewSql: one index per file');
  const list = (paths: readonly string[]) => `[${paths.map(sqlString).join(', ')}]`;
  const ids = `read_parquet(${list(indexes)})`;
  const probe = previous
    ? `WHERE h IN (SELECT h FROM read_parquet(${sqlString(previous.candidates)})${
        previous.newIndexes.length > 0
          ? ` UNION ALL SELECT h FROM read_parquet(${list(previous.newIndexes)})`
          : ''
      })`
    : '';
  const positions = `CREATE OR REPLACE TEMP VIEW ${REPEATED_POSITIONS_VIEW} AS
     SELECT f.i, r.file_row_number AS r FROM ${REPEATED_ROWS_TABLE} AS r JOIN lake_files AS f USING (filename)`;
  const view = `CREATE OR REPLACE VIEW ${EVENTS_VIEW} AS
     SELECT ${columns}
     FROM read_parquet(${list(files)}, union_by_name = true, hive_partitioning = true, hive_types = ${HIVE_TYPES}, filename = true, file_row_number = true) AS f
     ANTI JOIN ${REPEATED_ROWS_TABLE} AS r
       ON f.filename = r.filename AND f.file_row_number = r.file_row_number`;
  const start = [
    'CREATE SCHEMA IF NOT EXISTS clickstream',
    // Positions, not names, are saved: the data folder may be moved or mounted elsewhere.
    `CREATE OR REPLACE TEMP TABLE lake_files AS
     SELECT unnest(range(${files.length})) AS i, unnest(${list(files)}) AS filename`,
  ];
  if (previous?.repeated !== undefined && previous.newIndexes.length === 0) {
    return [
      ...start,
      `CREATE OR REPLACE TEMP TABLE ${CANDIDATE_HASHES_TABLE} AS
       SELECT h FROM read_parquet(${sqlString(previous.candidates)})`,
      `CREATE OR REPLACE TABLE ${REPEATED_ROWS_TABLE} AS
       SELECT f.filename, p.r AS file_row_number
       FROM read_parquet(${sqlString(previous.repeated)}) AS p JOIN lake_files AS f USING (i)`,
      positions,
      view,
    ];
  }
  return [
    ...start,
    // No filter but the hash on these reads: file_index is the position in the list only while
    // no filter prunes the list (a partition predicate does), hence the file name check below.
    ...(probe
      ? [
          // One scan: the rows of the probed hashes are few, so keep them all, then count.
          `CREATE OR REPLACE TEMP TABLE candidate_rows AS
           SELECT h, file_index AS i, r FROM ${ids} ${probe}`,
          `CREATE OR REPLACE TEMP TABLE ${CANDIDATE_HASHES_TABLE} AS
           SELECT h FROM candidate_rows GROUP BY h HAVING count(*) > 1`,
          `DELETE FROM candidate_rows WHERE h NOT IN (SELECT h FROM ${CANDIDATE_HASHES_TABLE})`,
        ]
      : [
          `CREATE OR REPLACE TEMP TABLE ${CANDIDATE_HASHES_TABLE} AS
           SELECT h FROM ${ids} GROUP BY h HAVING count(*) > 1`,
          `CREATE OR REPLACE TEMP TABLE candidate_rows AS
           SELECT file_index AS i, r FROM ${ids}
           WHERE h IN (SELECT h FROM ${CANDIDATE_HASHES_TABLE})`,
        ]),
    `CREATE OR REPLACE TEMP TABLE candidate_ids AS
     SELECT s.message_id, s.file_index AS i, s.file_row_number AS r, s.filename
     FROM read_parquet(${list(files)}, filename = true, file_row_number = true) AS s
     SEMI JOIN candidate_rows AS c ON s.file_index = c.i AND s.file_row_number = c.r`,
    `SELECT CASE WHEN count(*) = 0 THEN true ELSE error('file_index is not the position in the list') END
     FROM candidate_ids AS c JOIN lake_files AS f USING (i) WHERE c.filename <> f.filename`,
    `CREATE OR REPLACE TABLE ${REPEATED_ROWS_TABLE} AS
     SELECT filename, r AS file_row_number FROM (
       SELECT filename, r, row_number() OVER (PARTITION BY message_id ORDER BY i, r) AS copy
       FROM candidate_ids
     ) WHERE copy > 1`,
    'DROP TABLE candidate_rows',
    'DROP TABLE candidate_ids',
    positions,
    view,
  ];
}
