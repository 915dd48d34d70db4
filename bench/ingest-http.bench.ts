/**
 * Local ingest over HTTP with the stream emulator in the loop, as `npm start` runs it: one
 * runtime process (ingest server, Kinesis emulator thread, lake consumer thread). Load comes
 * from a second process: autocannon posting batches of 20 realistic events with unique message
 * ids. Budgets (issue 4): ≥ 20,000 events/s; RSS < 500 MB while sustaining it; p50/p99 printed.
 *
 * The machine is shared, so events/s moves with everyone else's load. The steady figure is CPU
 * time per event, per thread of the runtime (from `/proc/self/task/<tid>/stat`) and of the load
 * generator: 20,000 events/s on 2 cores leaves ≤ 100 µs of CPU per event for all of them. The
 * lake's share is counted until it has written every accepted event, not just during the load.
 *
 * The measured run follows a warm-up of the same load (BENCH_WARMUP_SECONDS) and the lake
 * catching up with it: "sustaining" is the steady state, and in a fresh process V8 spent ~13 µs
 * per event of a 10 s run on its compiler threads alone (perf, 2026-11-26) — a once-per-start
 * cost that a long-running `npm start` does not pay per event.
 *
 * Env: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (5; 0 measures from a cold start), BENCH_CONNECTIONS (64), BENCH_INGEST_ONLY=1 adds a run without the lake,
 * BENCH_RATE=<events/s> offers a fixed load instead of as much as it takes: CPU per event then
 * compares across runs on a busy machine (batching, hence cost per event, depends on the rate).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROME_UA,
  realisticBatch,
  SHOP_ORIGIN,
  WRITE_KEY,
} from '../backend/core/ingest/fixtures/realistic-batch';
import { loadLocalConfig } from '../backend/local/config';
import { type RuntimeMemory, startLocalRuntime } from '../backend/local/startLocalRuntime';
import { type MemoryMap, memoryMap } from './support/memory-map';
import { processTreeRss } from './support/process-tree-rss';
import { allThreadStats } from './support/thread-stats';

const BUDGET_EVENTS = 20_000;
const BUDGET_RSS_MB = 500;
const BUDGET_CPU_US = 100;
const BATCH = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const RATE = Number(process.env.BENCH_RATE ?? 0);

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  cpu: { user: number; system: number };
  rss: number;
}

// autocannon replaces every `[<id>]` with a fresh random id per request.
const envelope = realisticBatch(BATCH);
envelope.batch.forEach((event, i) => {
  event.messageId = `[<id>]-${i}`;
});
const body = JSON.stringify(envelope);

let loadGeneratorPid: number | undefined;

async function run(lake: boolean) {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-ingest-'));
  const config = {
    ...loadLocalConfig({ PORT: '0', CLICKSTREAM_DATA_DIR: dataDir }, dataDir),
    ingest: { sites: [{ writeKey: WRITE_KEY, allowedOrigins: [SHOP_ORIGIN] }] },
  };
  const runtime = await startLocalRuntime({ config, lake, onError: () => {} });
  let rss = 0;
  // Where the memory is at the peak: mappings of this process and each thread's isolate.
  let atPeak: { map: MemoryMap; threads?: RuntimeMemory } | undefined;
  // The map (smaps, ~8 ms) is re-read only when the peak grew by 8 MB: the sampler runs on the
  // server thread, and a map at every new peak during the ramp-up was charged to the server.
  let mappedAt = 0;
  const sampler = setInterval(() => {
    const now = processTreeRss(loadGeneratorPid);
    if (now <= rss) return;
    rss = now;
    if (now < mappedAt + 8 * 2 ** 20) return;
    mappedAt = now;
    const sample: { map: MemoryMap; threads?: RuntimeMemory } = { map: memoryMap() };
    atPeak = sample;
    runtime.memory().then((threads) => {
      sample.threads = threads;
    });
  }, 200);
  try {
    if (WARMUP_SECONDS > 0) {
      await autocannon(`${runtime.url}/v1/batch?writeKey=${WRITE_KEY}`, WARMUP_SECONDS);
      const warm = runtime.counters.values.received;
      const since = performance.now();
      while (runtime.lake && runtime.lake.stats().inLake < warm) {
        if (performance.now() - since > 120_000) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const before = allThreadStats();
    const inLakeBefore = runtime.lake?.stats().inLake ?? 0;
    const receivedBefore = runtime.counters.values.received;
    const result = await autocannon(`${runtime.url}/v1/batch?writeKey=${WRITE_KEY}`, SECONDS);
    const loadEnded = performance.now();
    const ok = result.requests.total - result.non2xx;
    // Requests still in flight when the load stopped were taken too: count what the server took.
    const events = runtime.counters.values.received - receivedBefore;
    // The consumer may trail the load: its CPU for these events is spent until it catches up.
    while (runtime.lake && runtime.lake.stats().inLake - inLakeBefore < events) {
      if (performance.now() - loadEnded > 120_000) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const lakeLagMs = performance.now() - loadEnded;
    const after = allThreadStats();
    const used = (tid: number | undefined) =>
      tid === undefined ? 0 : (after.get(tid)?.cpuUs ?? 0) - (before.get(tid)?.cpuUs ?? 0);
    let total = 0;
    for (const tid of after.keys()) total += used(tid);
    const main = used(process.pid);
    const kinesis = used(runtime.threads.kinesis);
    const lakeCpu = used(runtime.threads.lake);
    const perEvent = (us: number) => us / Math.max(1, events);
    return {
      eventsPerSecond: (ok * BATCH) / result.duration,
      result,
      rssMb: rss / 2 ** 20,
      atPeak,
      inLake: (runtime.lake?.stats().inLake ?? 0) - inLakeBefore,
      events,
      lakeLagMs,
      cpu: {
        server: perEvent(main),
        emulator: perEvent(kinesis),
        lake: perEvent(lakeCpu),
        other: perEvent(total - main - kinesis - lakeCpu),
        runtime: perEvent(total),
        loadGenerator: perEvent(result.cpu.user + result.cpu.system),
      },
    };
  } finally {
    clearInterval(sampler);
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs autocannon in its own process, which also reports its own CPU time and RSS. */
function autocannon(url: string, seconds: number): Promise<AutocannonResult> {
  const options = {
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    idReplacement: true,
    ...(RATE ? { overallRate: Math.ceil(RATE / BATCH) } : {}),
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: SHOP_ORIGIN,
      'user-agent': CHROME_UA,
    },
    body,
  };
  const script = `
    const autocannon = require(process.argv[1]);
    autocannon(JSON.parse(process.argv[2]), (err, result) => {
      if (err) { console.error(err); process.exit(1); }
      const rss = process.memoryUsage().rss;
      process.stdout.write(JSON.stringify({ ...result, cpu: process.cpuUsage(), rss }));
    });`;
  const lib = createRequire(import.meta.url).resolve('autocannon');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, lib, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    loadGeneratorPid = child.pid;
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as AutocannonResult)
        : reject(new Error(`autocannon exited ${code}`)),
    );
  });
}

const us = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : Math.round(bytes / 2 ** 20));

function report(label: string, r: Awaited<ReturnType<typeof run>>): void {
  const c = r.cpu;
  console.log(
    `${label}: ${us(r.eventsPerSecond)} events/s ` +
      `(${r.result.requests.total.toLocaleString('en')} requests of ${BATCH}, ${CONNECTIONS} connections, ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up${RATE ? `, offered ${RATE.toLocaleString('en')} events/s` : ''}), ` +
      `latency p50 ${r.result.latency.p50} ms / p99 ${r.result.latency.p99} ms, ` +
      `non-2xx ${r.result.non2xx}, errors ${r.result.errors + r.result.timeouts}`,
  );
  console.log(
    `  CPU µs/event: server thread ${us(c.server)}, Kinesis emulator thread ${us(c.emulator)}, ` +
      `lake thread ${us(c.lake)}, other threads (V8's GC and compiler helpers, DuckDB in libuv's pool) ${us(c.other)} ` +
      `= runtime ${us(c.runtime)}; load generator ${us(c.loadGenerator)}; ` +
      `all ${us(c.runtime + c.loadGenerator)} (≤ ${BUDGET_CPU_US} fits ${BUDGET_EVENTS.toLocaleString('en')}/s on 2 cores) ` +
      `→ ${us((availableParallelism() * 1e6) / (c.runtime + c.loadGenerator))} events/s if the cores were ours`,
  );
  console.log(
    `  RSS peak: runtime ${Math.round(r.rssMb)} MB (all its processes: the runtime, whose threads are server, emulator and lake, and tsx's esbuild service), ` +
      `load generator ${Math.round(r.result.rss / 2 ** 20)} MB` +
      (r.inLake || r.cpu.lake
        ? `; lake wrote ${r.inLake.toLocaleString('en')} of ${r.events.toLocaleString('en')} events, done ${(r.lakeLagMs / 1000).toFixed(1)} s after the load`
        : '') +
      `; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
  if (!r.atPeak) return;
  const { map, threads } = r.atPeak;
  const isolate = (name: string, m: RuntimeMemory[keyof RuntimeMemory] | undefined) =>
    m ? `${name} ${mb(m.heapUsed)}/${mb(m.heapCommitted)} + ${mb(m.external)}` : `${name} –`;
  console.log(
    `  at the peak, MB: JS heap used/committed + external (Buffers) per thread: ` +
      `${[isolate('server', threads?.server), isolate('emulator', threads?.kinesis), isolate('lake', threads?.lake)].join(', ')}; ` +
      `runtime process mappings: files (code) ${mb(map.files)}, main malloc arena ${mb(map.mainArena)}, ` +
      `${map.threadArenaCount} thread malloc arenas ${mb(map.threadArenas)}, other anonymous (V8 pages, large mallocs, stacks) ${mb(map.otherAnonymous)}` +
      `; ${['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_'].map((k) => `${k}=${process.env[k] ?? 'unset'}`).join(' ')}`,
  );
}

const full = await run(true);
report('ingest → emulator → lake (npm start)', full);
if (process.env.BENCH_INGEST_ONLY) report('ingest → emulator, no lake', await run(false));

const ok =
  full.eventsPerSecond >= BUDGET_EVENTS && full.rssMb < BUDGET_RSS_MB && full.result.non2xx === 0;
console.log(
  `budget ≥ ${BUDGET_EVENTS.toLocaleString('en')} events/s, RSS < ${BUDGET_RSS_MB} MB, no errors: ${ok ? 'within' : 'OVER'} budget` +
    ` (CPU ${us(full.cpu.runtime + full.cpu.loadGenerator)} µs/event against ≤ ${BUDGET_CPU_US}: ${full.cpu.runtime + full.cpu.loadGenerator <= BUDGET_CPU_US ? 'within' : 'OVER'})`,
);
