/**
 * The ingest core's throughput on one core: batches of 20 realistic events, parse +
 * validate + scrub + enrich (`handleIngest`), and with the stream records serialized too.
 * Budget: at least 100,000 events/s.
 */
import { availableParallelism, loadavg } from 'node:os';
import {
  postRequest,
  realisticBatch,
  testConfig,
} from '../backend/core/ingest/fixtures/realistic-batch';
import { handleIngest } from '../backend/core/ingest/handle-ingest';

const BUDGET = 100_000;
const BATCH = 20;
const bodies = Array.from({ length: 64 }, (_, i) =>
  JSON.stringify(realisticBatch(BATCH, i * BATCH)),
);
const requests = bodies.map((b) => postRequest(b));

function measure(label: string, serialize: boolean): number {
  let sink = 0;
  const run = (ms: number) => {
    const end = performance.now() + ms;
    let events = 0;
    // CPU time, not wall time: "events per second per core", and robust to a busy machine.
    const start = process.cpuUsage();
    while (performance.now() < end) {
      for (const request of requests) {
        const result = handleIngest(request, testConfig);
        if (result.records.length !== BATCH) throw new Error(result.response.body);
        if (serialize) for (const r of result.records) sink += JSON.stringify(r.row).length;
        events += BATCH;
      }
    }
    const used = process.cpuUsage(start);
    return events / ((used.user + used.system) / 1e6);
  };
  run(1500); // warm-up: let the JIT settle
  const rates = [run(2000), run(2000), run(2000)].sort((a, b) => a - b);
  const median = rates[1] as number;
  console.log(
    `${label}: ${Math.round(median).toLocaleString('en')} events/s (runs: ${rates.map((r) => Math.round(r).toLocaleString('en')).join(', ')})${sink < 0 ? '' : ''}`,
  );
  return median;
}

console.log(`load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);
const core = measure('ingest core (parse + validate + scrub + enrich), batches of 20', false);
measure('ingest core + stream record JSON', true);
const verdict = core >= BUDGET ? 'within' : 'OVER';
console.log(`budget ≥ ${BUDGET.toLocaleString('en')} events/s on one core: ${verdict} budget`);
