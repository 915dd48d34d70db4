/**
 * Stream → lake budgets (issue 4): freshness p95 from `PutRecords` to the row being visible
 * through the query path (`queryLake`, what `npm run query` runs) ≤ 2 s under background
 * load; the consumer's drain rate; resident memory < 500 MB.
 *
 * Runs the Kinesis emulator (its own thread) and the lake pipeline in this process. Records are
 * put as the ingest aggregates them: one record per request and partition key, 20 NDJSON rows.
 * The drain's CPU per event is this process's CPU less the emulator thread's (so: the consumer,
 * DuckDB, the libuv pool and GC), the steady figure on a shared machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LakeRow } from '@clickstream/contract';
import { makeLakeRow } from '../backend/core/stream/fixtures/make-lake-row';
import { startKinesis } from '../backend/local/kinesis/startKinesis';
import { putRows } from '../backend/local/lake/fixtures/put-rows';
import { queryLake, startLakePipeline } from '../backend/local/lake/index';
import { processTreeRss } from './support/process-tree-rss';
import { threadCpuUs } from './support/thread-stats';

const FRESHNESS_BUDGET_MS = 2000;
const RSS_BUDGET_MB = 500;
const BACKLOG = Number(process.env.LAKE_BENCH_BACKLOG ?? 50_000);
const LOAD_SECONDS = 20;
const LOAD_PER_SECOND = 2000;
const PROBES_PER_SECOND = 5;

const dataDir = await mkdtemp(join(tmpdir(), 'clickstream-lake-bench-'));
const kinesis = await startKinesis({ dataDir, shardCount: 2 });
/** Rows per record: a request of 20 events from one user, as `toStreamEntries` puts it. */
const ROWS_PER_RECORD = 20;
const put = (rows: readonly LakeRow[]) => {
  const records = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_RECORD) {
    const group = rows.slice(i, i + ROWS_PER_RECORD);
    records.push({
      partitionKey: group[0]?.anonymous_id ?? '',
      data: Buffer.from(group.map((row) => JSON.stringify(row)).join('\n')),
    });
  }
  return putRows(kinesis.client, kinesis.streamName, records);
};
const now = () => new Date().toISOString();
let users = 0;
const rowsAt = (n: number, extra: Partial<LakeRow> = {}) =>
  Array.from({ length: n }, (_, i) => {
    if (i % ROWS_PER_RECORD === 0) users++;
    return makeLakeRow({ received_at: now(), anonymous_id: `a${users % 997}`, ...extra });
  });
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, processTreeRss());
}, 100);

// 1. Drain rate: a backlog already in the stream, then the consumer starts.
for (let i = 0; i < BACKLOG; i += 500) await put(rowsAt(500));
const drainStart = performance.now();
const drainCpu = { process: process.cpuUsage(), emulator: threadCpuUs(kinesis.threadId) };
const pipeline = await startLakePipeline({
  dataDir,
  kinesis: kinesis.client,
  streamName: kinesis.streamName,
});
while (pipeline.stats().inLake < BACKLOG) {
  await new Promise((r) => setTimeout(r, 1000));
  if (process.env.LAKE_BENCH_DEBUG) console.error(pipeline.stats());
}
const drainMs = performance.now() - drainStart;
const emulatorUs = threadCpuUs(kinesis.threadId) - drainCpu.emulator;
const processCpu = process.cpuUsage(drainCpu.process);
const drainCpuPerEvent = (processCpu.user + processCpu.system - emulatorUs) / BACKLOG;
const drainLoad = loadavg()[0];

// 2. Freshness: probes among steady background load, each timed from just before its put.
const sentAt = new Map<string, number>();
const latencies: number[] = [];
let loading = true;
let loadEndedAt = Number.POSITIVE_INFINITY;
const load = (async () => {
  const tick = 1000 / PROBES_PER_SECOND;
  const end = Date.now() + LOAD_SECONDS * 1000;
  while (Date.now() < end) {
    const started = Date.now();
    const [probe] = rowsAt(1, { event: 'bench-probe' });
    const background = rowsAt(LOAD_PER_SECOND / PROBES_PER_SECOND);
    if (probe) sentAt.set(probe.message_id, performance.now());
    await put([...(probe ? [probe] : []), ...background]);
    await new Promise((r) => setTimeout(r, Math.max(0, tick - (Date.now() - started))));
  }
  loading = false;
  loadEndedAt = performance.now();
})();
const queryMs: number[] = [];
const readLatencies: number[] = [];
/** Watchers give up this long after the load ends; a probe never seen counts as missing. */
const GIVE_UP_MS = 30_000;
const watching = (seen: Set<string>) =>
  loading || (seen.size < sentAt.size && performance.now() - loadEndedAt < GIVE_UP_MS);
const readWatch = (async () => {
  const seen = new Set<string>();
  while (watching(seen)) {
    for (const row of pipeline.recent(1000)) {
      const sent = sentAt.get(row.message_id);
      if (sent !== undefined && !seen.has(row.message_id)) {
        seen.add(row.message_id);
        readLatencies.push(performance.now() - sent);
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
})();
const watch = (async () => {
  const seen = new Set<string>();
  while (watching(seen)) {
    const queryStart = performance.now();
    const rows = await queryLake(
      dataDir,
      `SELECT message_id FROM clickstream.events WHERE event = 'bench-probe'`,
    );
    const at = performance.now();
    queryMs.push(at - queryStart);
    for (const { message_id: id } of rows) {
      const sent = sentAt.get(String(id));
      if (sent !== undefined && !seen.has(String(id))) {
        seen.add(String(id));
        latencies.push(at - sent);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
})();
await load;
await watch;
await readWatch;
await pipeline.stop();
clearInterval(sampler);
const stats = pipeline.stats();
await kinesis.stop();
await rm(dataDir, { recursive: true, force: true });

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};
const pct = (p: number) => percentile(latencies, p);
const p95 = pct(0.95);
const rssMb = peakRss / 1024 / 1024;
console.log(
  `consumer drain: ${BACKLOG} events in ${(drainMs / 1000).toFixed(1)} s = ${Math.round(BACKLOG / (drainMs / 1000))} events/s; ` +
    `CPU ${drainCpuPerEvent.toFixed(1)} µs/event besides the emulator's ${(emulatorUs / BACKLOG).toFixed(1)} (load average ${drainLoad?.toFixed(1)})`,
);
console.log(
  `freshness (PutRecords → visible in queryLake), ${latencies.length} probes under ${LOAD_PER_SECOND} events/s: p50 ${Math.round(pct(0.5))} ms, p95 ${Math.round(p95)} ms, max ${Math.round(pct(1))} ms`,
);
console.log(
  `  of which: read by the consumer p50 ${Math.round(percentile(readLatencies, 0.5))} ms, p95 ${Math.round(percentile(readLatencies, 0.95))} ms; one queryLake call p50 ${Math.round(percentile(queryMs, 0.5))} ms, p95 ${Math.round(percentile(queryMs, 0.95))} ms`,
);
console.log(
  `peak RSS (every process: emulator thread + consumer + DuckDB + queries, and tsx's esbuild service): ${Math.round(rssMb)} MB`,
);
console.log(
  `machine load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
);
console.log(
  `files written ${stats.filesWritten}, rows in lake ${stats.inLake}, duplicates ${stats.duplicates}`,
);
const missing = sentAt.size - latencies.length;
if (missing) console.log(`${missing} probes never became visible within ${GIVE_UP_MS / 1000} s`);
const ok = missing === 0 && p95 <= FRESHNESS_BUDGET_MS && rssMb < RSS_BUDGET_MB;
console.log(
  `budget: freshness p95 ≤ ${FRESHNESS_BUDGET_MS} ms ${p95 <= FRESHNESS_BUDGET_MS ? 'PASS' : 'FAIL'}; RSS < ${RSS_BUDGET_MB} MB ${rssMb < RSS_BUDGET_MB ? 'PASS' : 'FAIL'}`,
);
process.exit(ok ? 0 : 1);
