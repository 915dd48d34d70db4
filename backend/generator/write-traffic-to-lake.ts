import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { lakePartitionPath } from '@clickstream/contract';
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
import { partitionOf } from '../core/ingest/to-lake-row';
import { sqlString } from '../local/lake/duckdb-sql';
import { lakePaths } from '../local/lake/lake-paths';
import { createTraffic, type TrafficOptions, type TrafficSummary } from './create-traffic';
import type { GeneratedEvent } from './generated-event';
import { lakeRowSql, STAGING_COLUMNS_DDL } from './lake-row-sql';

export interface WriteTrafficOptions extends TrafficOptions {
  /** The runtime's data folder (`CLICKSTREAM_DATA_DIR`); rows go to `<dataDir>/lake/events`. */
  readonly dataDir: string;
  /** Sees every generated event (malformed ones and duplicates included), e.g. to compute answers. */
  readonly onEvent?: (event: GeneratedEvent) => void;
  /** Called after each generated day with the events generated so far. */
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
  INTEGER,
];
/** DuckDB's vector size: one data chunk holds at most this many rows. */
const CHUNK = 2048;
const HOUR_MS = 3_600_000;
/** Connections writing files at once, one thread each: one file's COPY is single-threaded. */
const WRITERS = 2;

/**
 * The generator's direct-to-lake mode: generates traffic and writes it into the local lake as
 * the ingest → stream → lake path would have stored it, minus the malformed events (the
 * ingest rejects those) and with the duplicates (the view hides those).
 *
 * One file per partition (receive hour) per run: rows wait in a staging table until their hour
 * is complete (the traffic's watermark passed it), then each hour is written by its own COPY.
 * `COPY ... PARTITION_BY` over a day's rows cost ~12 ms of CPU per partition on top of the
 * rows (it buffers every partition's columns), which made the writer 3x slower than the rows
 * alone. Generating (JavaScript, one core) overlaps writing (DuckDB's threads): the COPYs of
 * the completed hours run while the next day is generated. Files are written to a private
 * folder and renamed into their partitions once complete, so a query running meanwhile never
 * reads half a file.
 *
 * @param options - traffic options and the data folder
 * @returns what was generated and written
 * @example await writeTrafficToLake({ dataDir: '.data', seed: 7, newUsersPerDay: 2000 })
 */
export async function writeTrafficToLake(
  options: WriteTrafficOptions,
): Promise<WriteTrafficResult> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const paths = lakePaths(options.dataDir);
  const staging = join(options.dataDir, 'lake', `.generator-${randomUUID()}`);
  await mkdir(staging, { recursive: true });
  await mkdir(paths.events, { recursive: true });

  // One thread per connection: the two writer connections each write a file on their own
  // thread while JavaScript generates on the main one. DuckDB's default (a thread per core
  // besides the callers) cost 20-45% more CPU per event in lock contention on 2 cores.
  const instance = await DuckDBInstance.create(':memory:', {
    preserve_insertion_order: 'false',
    threads: '1',
  });
  const fill = await instance.connect();
  const writers = await Promise.all(Array.from({ length: WRITERS }, () => instance.connect()));
  await fill.run(`CREATE TABLE staged (${STAGING_COLUMNS_DDL})`);

  const traffic = createTraffic(options);
  const columns: unknown[][] = TYPES.map(() => new Array(CHUNK));
  const appender: DuckDBAppender = await fill.createAppender('staged');
  let inChunk = 0;
  let generated = 0;
  let batches = 0;
  let files = 0;
  let pending: Promise<unknown> = Promise.resolve();

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
    (c[15] as number[])[i] = Math.floor((e.time + e.flushMs + e.latencyMs) / HOUR_MS);
    if (inChunk === CHUNK) appendChunk();
  };
  /** Writes every staged hour before `untilHour` (epoch hours), one file each, in the background. */
  const writeHours = async (untilHour: number) => {
    appendChunk();
    appender.flushSync();
    const batch = `batch_${batches++}`;
    // Sorted by hour, so each COPY's `part = …` filter skips the other row groups by their
    // min/max instead of scanning the whole day.
    await fill.run(
      `CREATE TABLE ${batch} AS SELECT * FROM staged WHERE part < ${untilHour} ORDER BY part;
       DELETE FROM staged WHERE part < ${untilHour}`,
    );
    const parts = (await fill.runAndReadAll(`SELECT DISTINCT part FROM ${batch} ORDER BY part`))
      .getRows()
      .map((r) => Number(r[0]));
    // One write in flight: the previous day's files finish while this day was generated.
    await pending;
    const copies = await Promise.all(parts.map((part) => partitionCopy(batch, part)));
    files += copies.length;
    pending = Promise.all(
      writers.map((w, i) =>
        // Several statements in one call: the connection goes from one COPY to the next in
        // DuckDB's threads, without waiting for JavaScript, which is busy generating.
        w.run(copies.filter((_, j) => j % WRITERS === i).join(';\n') || 'SELECT 1'),
      ),
    ).then(() => fill.run(`DROP TABLE ${batch}`));
    // Awaited before the next write and at the end; until then a failure must not count as
    // unhandled (Node would end the process before the writer could clean up).
    pending.catch(() => undefined);
  };
  const partitionCopy = async (batch: string, part: number): Promise<string> => {
    // The same folder the ingest path writes: one definition of the layout (the contract's).
    const dir = join(
      staging,
      lakePartitionPath(partitionOf(new Date(part * HOUR_MS).toISOString())),
    );
    await mkdir(dir, { recursive: true });
    // Snappy, as Firehose writes. A small dictionary limit keeps the low-cardinality columns
    // (agents, pages, locales) dictionary-encoded and gives up early on the unique ones (ids,
    // times), where building a dictionary was half of the write's CPU time.
    return `COPY (${lakeRowSql(seed, batch, `part = ${part}`)})
      TO ${sqlString(join(dir, `gen_${randomUUID()}.parquet`))}
      (FORMAT PARQUET, COMPRESSION SNAPPY, DICTIONARY_SIZE_LIMIT 1000)`;
  };

  try {
    while (traffic.nextDay(add)) {
      await writeHours(Math.floor(traffic.watermark() / HOUR_MS));
      options.onProgress?.(generated);
    }
    await writeHours(Number.MAX_SAFE_INTEGER);
    await pending;
    await publish(staging, paths.events);
    const summary = traffic.summary();
    return {
      ...summary,
      rows: summary.events + summary.duplicates,
      files,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await pending.catch(() => undefined);
    appender.closeSync();
    fill.closeSync();
    for (const w of writers) w.closeSync();
    instance.closeSync();
    await rm(staging, { recursive: true, force: true });
  }
}

/** Moves every written file into its partition folder of the table. */
async function publish(staging: string, events: string): Promise<void> {
  for (const entry of await readdir(staging, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.parquet')) continue;
    const from = join(entry.parentPath, entry.name);
    // `<staging>/year=2026/month=10/day=01/hour=05/gen_<uuid>.parquet` → `<events>/year=…/`
    const dir = join(events, relative(staging, entry.parentPath));
    await mkdir(dir, { recursive: true });
    await rename(from, join(dir, entry.name));
  }
}
