/**
 * Local ingest over HTTP with the stream emulator in the loop, as `npm start` runs it
 * (kinesalite + ingest server + lake consumer in one process). Load comes from a second
 * process: autocannon posting batches of 20 realistic events with unique message ids.
 * Budgets: ≥ 20,000 events/s; RSS < 500 MB while sustaining it; p50/p99 printed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROME_UA,
  realisticBatch,
  SHOP_ORIGIN,
  WRITE_KEY,
} from '../backend/core/ingest/fixtures/realistic-batch';
import { loadLocalConfig } from '../backend/local/config';
import { startLocalRuntime } from '../backend/local/startLocalRuntime';

const BUDGET_EVENTS = 20_000;
const BUDGET_RSS_MB = 500;
const BATCH = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

// autocannon replaces every `[<id>]` with a fresh random id per request.
const envelope = realisticBatch(BATCH);
envelope.batch.forEach((event, i) => {
  event.messageId = `[<id>]-${i}`;
});
const body = JSON.stringify(envelope);

async function run(
  lake: boolean,
): Promise<{ events: number; result: AutocannonResult; rssMb: number; cpuUsPerEvent: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-ingest-'));
  const config = {
    ...loadLocalConfig({ PORT: '0', CLICKSTREAM_DATA_DIR: dataDir }, dataDir),
    ingest: { sites: [{ writeKey: WRITE_KEY, allowedOrigins: [SHOP_ORIGIN] }] },
  };
  const runtime = await startLocalRuntime({
    config,
    lake,
    onError: () => {},
    ...(process.env.BENCH_KINESIS_THREAD === 'main' ? { kinesisThread: 'main' as const } : {}),
    ...(process.env.BENCH_IN_FLIGHT
      ? { streamWriter: { maxInFlight: Number(process.env.BENCH_IN_FLIGHT) } }
      : {}),
  });
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 100);
  try {
    const cpu = process.cpuUsage();
    const result = await autocannon(`${runtime.url}/v1/batch?writeKey=${WRITE_KEY}`);
    const used = process.cpuUsage(cpu);
    const ok = result.requests.total - result.non2xx;
    return {
      events: (ok * BATCH) / result.duration,
      result,
      rssMb: rss / 2 ** 20,
      // CPU time of this process (all threads) per event: unlike events/s, it does not depend
      // on what else the shared machine runs.
      cpuUsPerEvent: (used.user + used.system) / Math.max(1, ok * BATCH),
    };
  } finally {
    clearInterval(sampler);
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function autocannon(url: string): Promise<AutocannonResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [
    cli,
    '-j',
    '-I',
    '-t',
    '30',
    '-c',
    String(CONNECTIONS),
    '-d',
    String(SECONDS),
    '-m',
    'POST',
  ];
  for (const h of [
    `content-type=text/plain;charset=UTF-8`,
    `origin=${SHOP_ORIGIN}`,
    `user-agent=${CHROME_UA}`,
  ]) {
    args.push('-H', h);
  }
  args.push('-b', body, url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
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

function report(label: string, r: Awaited<ReturnType<typeof run>>): void {
  console.log(
    `${label}: ${Math.round(r.events).toLocaleString('en')} events/s ` +
      `(${r.result.requests.total.toLocaleString('en')} requests of ${BATCH}, ${CONNECTIONS} connections, ${SECONDS} s), ` +
      `latency p50 ${r.result.latency.p50} ms / p99 ${r.result.latency.p99} ms, ` +
      `non-2xx ${r.result.non2xx}, errors ${r.result.errors + r.result.timeouts}, peak RSS ${Math.round(r.rssMb)} MB, ` +
      `runtime CPU ${Math.round(r.cpuUsPerEvent)} µs/event (load average ${loadavg()[0]?.toFixed(1)})`,
  );
}

const full = await run(true);
report('ingest → kinesalite, lake consumer running (npm start)', full);
if (process.env.BENCH_INGEST_ONLY)
  report('ingest → kinesalite, no lake consumer', await run(false));

const ok = full.events >= BUDGET_EVENTS && full.rssMb < BUDGET_RSS_MB && full.result.non2xx === 0;
console.log(
  `budget ≥ ${BUDGET_EVENTS.toLocaleString('en')} events/s, RSS < ${BUDGET_RSS_MB} MB, no errors: ${ok ? 'within' : 'OVER'} budget`,
);
