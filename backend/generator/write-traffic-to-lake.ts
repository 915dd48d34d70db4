import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { lakePartitionKeys } from '@clickstream/contract';
import {
  BOOLEAN,
  DOUBLE,
  type DuckDBAppender,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  INTEGER,
  SMALLINT,
  UTINYINT,
  VARCHAR,
} from '@duckdb/node-api';
import { sqlString } from '../local/lake/duckdb-sql';
import { lakePaths } from '../local/lake/lake-paths';
import { createTraffic, type TrafficOptions, type TrafficSummary } from './create-traffic';
import type { GeneratedEvent } from './generated-event';
import { lakeRowSql, STAGING_COLUMNS_DDL } from './lake-row-sql';

export interface WriteTrafficOptions extends TrafficOptions {
  /** The runtime's data folder (`CLICKSTREAM_DATA_DIR`); rows go to `<dataDir>/lake/events`. */
  readonly dataDir: string;
  /**
   * Events staged before they are written out as Parquet: bigger means fewer, larger files.
   * @default 1000000
   */
  readonly eventsPerWrite?: number;
  /** Sees every generated event (malformed ones and duplicates included), e.g. to compute answers. */
  readonly onEvent?: (event: GeneratedEvent) => void;
  /** Called after each Parquet write with the events generated so far. */
  readonly onProgress?: (generated: number) => void;
}

export interface WriteTrafficResult extends TrafficSummary {
  /** Rows written to Parquet: events plus duplicates (the view hides the duplicates). */
  readonly rows: number;
  readonly files: number;
  readonly seconds: number;
}

const TYPES: readonly DuckDBType[] = [
  INTEGER,
  UTINYINT,
  INTEGER,
  BOOLEAN,
  DOUBLE,
  DOUBLE,
  INTEGER,
  INTEGER,
  SMALLINT,
  SMALLINT,
  SMALLINT,
  UTINYINT,
  UTINYINT,
  UTINYINT,
  VARCHAR,
];
/** DuckDB's vector size: one data chunk holds at most this many rows. */
const CHUNK = 2048;

/**
 * The generator's direct-to-lake mode: generates traffic and writes it into the local lake as
 * the ingest → stream → lake path would have stored it, minus the malformed events (the
 * ingest rejects those) and with the duplicates (the view hides those).
 *
 * Generating (JavaScript, one core) overlaps writing (DuckDB's threads): while one staging
 * table is copied to Parquet, the next fills. Files are written to a private folder and renamed
 * into their partitions once complete, so a query running meanwhile never reads half a file.
 *
 * @param options - traffic options, the data folder and the write size
 * @returns what was generated and written
 * @example await writeTrafficToLake({ dataDir: '.data', seed: 7, newUsersPerDay: 2000 })
 */
export async function writeTrafficToLake(
  options: WriteTrafficOptions,
): Promise<WriteTrafficResult> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const eventsPerWrite = options.eventsPerWrite ?? 1_000_000;
  const paths = lakePaths(options.dataDir);
  const staging = join(options.dataDir, 'lake', `.generator-${randomUUID()}`);
  await mkdir(staging, { recursive: true });
  await mkdir(paths.events, { recursive: true });

  const instance = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'false' });
  const fill = await instance.connect();
  const copy = await instance.connect();
  const tables = ['staged_a', 'staged_b'] as const;
  for (const t of tables) await fill.run(`CREATE TABLE ${t} (${STAGING_COLUMNS_DDL})`);

  const traffic = createTraffic(options);
  const columns: unknown[][] = TYPES.map(() => new Array(CHUNK));
  let current = 0;
  let appender: DuckDBAppender = await fill.createAppender(tables[0]);
  let inChunk = 0;
  let staged = 0;
  let generated = 0;
  let writes = 0;
  let pending: Promise<void> = Promise.resolve();

  const appendChunk = () => {
    if (inChunk === 0) return;
    const chunk = DuckDBDataChunk.create(TYPES, inChunk);
    chunk.setColumns(
      (inChunk === CHUNK ? columns : columns.map((c) => c.slice(0, inChunk))) as never,
    );
    appender.appendDataChunk(chunk);
    inChunk = 0;
  };
  const add = (e: GeneratedEvent) => {
    options.onEvent?.(e);
    generated++;
    const i = inChunk++;
    const c = columns;
    (c[0] as number[])[i] = e.seq;
    (c[1] as number[])[i] = e.kind;
    (c[2] as number[])[i] = e.user;
    (c[3] as boolean[])[i] = e.identified;
    (c[4] as number[])[i] = e.session;
    (c[5] as number[])[i] = e.time;
    (c[6] as number[])[i] = e.flushMs;
    (c[7] as number[])[i] = e.latencyMs;
    (c[8] as number[])[i] = e.page;
    (c[9] as number[])[i] = e.referrer;
    (c[10] as number[])[i] = e.campaign;
    (c[11] as number[])[i] = e.agent;
    (c[12] as number[])[i] = e.locale;
    (c[13] as number[])[i] = e.screen;
    (c[14] as (string | null)[])[i] = e.properties;
    staged++;
    if (inChunk === CHUNK) appendChunk();
  };
  const writeStaged = async (table: string) => {
    const target = join(staging, `w${writes++}`);
    // Snappy, as Firehose writes. A small dictionary limit keeps the low-cardinality columns
    // (agents, pages, locales) dictionary-encoded and gives up early on the unique ones (ids,
    // times), where building a dictionary was half of the write's CPU time.
    await copy.run(
      `COPY (${lakeRowSql(seed, table)}) TO ${sqlString(target)}
       (FORMAT PARQUET, COMPRESSION SNAPPY, DICTIONARY_SIZE_LIMIT 1000,
        PARTITION_BY (${lakePartitionKeys.join(', ')}),
        FILENAME_PATTERN 'gen_${randomUUID()}_{i}')`,
    );
    await copy.run(`DELETE FROM ${table}`);
  };
  const flushTable = async () => {
    appendChunk();
    appender.flushSync();
    appender.closeSync();
    const table = tables[current] as string;
    // One write in flight at a time: wait for the previous one, then start this one and keep
    // generating into the other table meanwhile.
    await pending;
    pending = writeStaged(table);
    options.onProgress?.(generated);
    current = 1 - current;
    staged = 0;
    appender = await fill.createAppender(tables[current] as string);
  };

  try {
    while (traffic.nextDay(add)) {
      if (staged >= eventsPerWrite) await flushTable();
    }
    await flushTable();
    await pending;
    appender.closeSync();
    const files = await publish(staging, paths.events);
    const summary = traffic.summary();
    return {
      ...summary,
      rows: summary.events + summary.duplicates,
      files,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    fill.closeSync();
    copy.closeSync();
    instance.closeSync();
    await rm(staging, { recursive: true, force: true });
  }
}

/** Moves every written file into its partition folder of the table; returns how many. */
async function publish(staging: string, events: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(staging, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.parquet')) continue;
    const from = join(entry.parentPath, entry.name);
    // `<staging>/w3/year=2026/month=10/day=01/hour=05/gen_<uuid>_0.parquet` → `<events>/year=…/`
    const partition = relative(staging, entry.parentPath).split(/[\\/]/).slice(1).join('/');
    const dir = join(events, partition);
    await mkdir(dir, { recursive: true });
    await rename(from, join(dir, entry.name));
    count++;
  }
  return count;
}
