/**
 * The generator's direct-to-lake throughput, then the DAU and retention queries on what it
 * wrote, through `queryLake` as `npm run query` runs them: cold (a new process) and hot. Budgets (issue 7): at least
 * 200,000 events/s written; each query at most 2 s on 10 million events.
 *
 * `GENERATOR_BENCH_EVENTS` sets the size: 1,000,000 by default (well under 2 minutes);
 * `GENERATOR_BENCH_EVENTS=10000000` is the budgets' size. Every figure comes with the load
 * average and the CPU time it took: on a shared machine wall time measures the neighbours.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLakeRow } from '../backend/core/stream/fixtures/make-lake-row';
import { writeTrafficToLake } from '../backend/generator/write-traffic-to-lake';
import { openLakeWriter } from '../backend/local/lake/lake-writer';
import { closeLakeQueries, queryLake } from '../backend/local/lake/query-lake';

const EVENTS = Number(process.env.GENERATOR_BENCH_EVENTS ?? 1_000_000);
const BUDGET_EVENTS = 10_000_000;
const DAYS = 29;
const WRITE_BUDGET = 200_000;
const QUERY_BUDGET_S = 2;
const CORES = 2;

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const load = () => `load ${loadavg()[0]?.toFixed(1)}`;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const verdict = (ok: boolean) => (ok ? 'within budget' : 'OVER budget');

const dataDir = await mkdtemp(join(tmpdir(), 'clickstream-generator-bench-'));
try {
  const cpu = process.cpuUsage();
  const result = await writeTrafficToLake({
    dataDir,
    seed: 1,
    days: DAYS,
    newUsersPerDay: Math.ceil(EVENTS / DAYS / 18),
    maxEvents: EVENTS,
  });
  const generated = result.events + result.duplicates + result.malformed;
  const rate = generated / result.seconds;
  // CPU time (JavaScript + DuckDB's threads) says what the machine could do unshared: the
  // writer keeps both cores busy (generation on one, Parquet on the other).
  const used = cpuSeconds(cpu);
  const cpuRate = generated / (used / CORES);
  console.log(
    `direct-to-lake: ${fmt(generated)} events (${fmt(result.rows)} rows, ${result.files} files, ${DAYS} days) in ${result.seconds.toFixed(1)} s: ${fmt(rate)} events/s, ${load()}; ${used.toFixed(1)} CPU s = ${((used / generated) * 1e6).toFixed(1)} CPU µs/event, ${fmt(cpuRate)} events/s on ${CORES} unshared cores — budget ≥ ${fmt(WRITE_BUDGET)}: ${verdict(rate >= WRITE_BUDGET)} (wall), ${verdict(cpuRate >= WRITE_BUDGET)} (CPU)`,
  );

  const scale =
    EVENTS < BUDGET_EVENTS ? ` (budget is on ${fmt(BUDGET_EVENTS)}: not proven here)` : '';
  for (const name of ['dau', 'retention']) {
    const sql = await readFile(
      join(import.meta.dirname, '../backend/analytics', `${name}.sql`),
      'utf8',
    );
    // Cold: a fresh in-memory database, as in a new `npm run query` process; the files are in
    // the page cache. The first run builds each data file's message-id index (once per file
    // for the life of the lake); later processes read the indexes, and after a new file
    // index only it (see messageIdIndexes).
    const cold = async (label: string) => {
      await closeLakeQueries();
      const coldCpu = process.cpuUsage();
      const t0 = performance.now();
      await queryLake(dataDir, sql);
      const wall = (performance.now() - t0) / 1000;
      const cpu = cpuSeconds(coldCpu);
      console.log(
        `${name}.sql cold (${label}) on ${fmt(result.events)} events: ${wall.toFixed(2)} s, ${cpu.toFixed(2)} CPU s, ${load()} — budget ≤ ${QUERY_BUDGET_S} s${scale}: ${verdict(wall <= QUERY_BUDGET_S)} (wall), ${verdict(cpu / CORES <= QUERY_BUDGET_S)} (CPU)`,
      );
    };
    if (name === 'dau') await cold('first ever: builds the message-id indexes');
    await cold('indexes built');
    const writer = await openLakeWriter({ dataDir });
    await writer.write([makeLakeRow(), makeLakeRow()]);
    writer.close();
    await cold('one new small file since');
    const times: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      await queryLake(dataDir, sql);
      times.push({ wall: (performance.now() - t) / 1000, cpu: cpuSeconds(c) });
    }
    times.sort((a, b) => a.wall - b.wall);
    const median = times[1] as { wall: number; cpu: number };
    console.log(
      `${name}.sql hot on ${fmt(result.events)} events: ${median.wall.toFixed(2)} s (median of ${times.map((t) => t.wall.toFixed(2)).join(', ')}), ${median.cpu.toFixed(2)} CPU s (${(median.cpu / CORES).toFixed(2)} s on ${CORES} unshared cores), ${load()} — budget ≤ ${QUERY_BUDGET_S} s${scale}: ${verdict(median.wall <= QUERY_BUDGET_S)} (wall), ${verdict(median.cpu / CORES <= QUERY_BUDGET_S)} (CPU)`,
    );
  }
} finally {
  await closeLakeQueries();
  await rm(dataDir, { recursive: true, force: true });
}
