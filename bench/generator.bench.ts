/**
 * The generator's direct-to-lake throughput, then the DAU and retention queries on what it
 * wrote. Budgets (issue 7): at least 200,000 events/s written; each query at most 2 s on
 * 10 million events. `GENERATOR_BENCH_EVENTS` sets the size (default 10,000,000); a smaller
 * run prints its size with the figures.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTrafficToLake } from '../backend/generator/write-traffic-to-lake';
import { queryLake } from '../backend/local/lake/query-lake';

const EVENTS = Number(process.env.GENERATOR_BENCH_EVENTS ?? 10_000_000);
const DAYS = 29;
const WRITE_BUDGET = 200_000;
const QUERY_BUDGET_S = 2;

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
  const used = process.cpuUsage(cpu);
  // CPU time (JavaScript + DuckDB's threads) says what the machine could do unshared.
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `direct-to-lake: ${generated.toLocaleString('en')} events (${result.rows.toLocaleString('en')} rows, ${result.files} files, ${DAYS} days) in ${result.seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} CPU s, ${((cpuSeconds / generated) * 1e6).toFixed(1)} CPU µs/event): ${Math.round(rate).toLocaleString('en')} events/s — budget ≥ ${WRITE_BUDGET.toLocaleString('en')}: ${rate >= WRITE_BUDGET ? 'within' : 'OVER'} budget`,
  );
  for (const name of ['dau', 'retention']) {
    const sql = await readFile(
      join(import.meta.dirname, '../backend/analytics', `${name}.sql`),
      'utf8',
    );
    await queryLake(dataDir, sql); // warm the page cache, as a second query would find it
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await queryLake(dataDir, sql);
      times.push((performance.now() - t0) / 1000);
    }
    const median = times.sort((a, b) => a - b)[1] as number;
    console.log(
      `${name}.sql on ${result.events.toLocaleString('en')} events: ${median.toFixed(2)} s (median of 3: ${times.map((t) => t.toFixed(2)).join(', ')}) — budget ≤ ${QUERY_BUDGET_S} s${EVENTS < 10_000_000 ? ' on 10M' : ''}: ${median <= QUERY_BUDGET_S ? 'within' : 'OVER'} budget`,
    );
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
