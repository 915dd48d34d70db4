import { writeFileSync } from 'node:fs';
import type { Fault } from './support/ingestTraffic';
import { type Build, installSdk, sdk } from './support/installSdk';
import { propertiesOf } from './support/readLake';
import { type SdkState, SdkTrace } from './support/sdkTrace';
import { serverStats } from './support/serverStats';
import { expect, test } from './support/test';

const EVENTS = 2_000;
const NAVIGATIONS = 20;
const RELOADS = [6, 13, 19];
const OFFLINE = [4, 15];
const PAGE_LOADS = 1 + NAVIGATIONS + RELOADS.length;
/** The SDK's longest retry wait: `min(60 s, 1 s × 2^attempt)` (sdk/src/backoff.ts, docs/sdk.md). */
const BACKOFF_CAP_MS = 60_000;
/** A request, the lake's 500 ms flush, its settling and a loaded machine, on top of one wait. */
const TAIL_BOUND_MS = BACKOFF_CAP_MS + 20_000;
/**
 * Raw duplicates (the server dedups them): mostly a keepalive request that outlived its page,
 * whose events the page, seeing it fail at unload, also beaconed or left to the next page.
 * Runs measured 0–11 %; a queue that re-sent its own copies page after page reached 73 % and
 * then lost events to `maxQueue`.
 */
const MAX_DUPLICATE_SHARE = 0.25;

/** mulberry32: a seeded PRNG, so a failing run can be replayed with its printed seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** The test's timeline so far: set once its pages are traced. */
let timeline = async () => '(not traced)';
// biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
test.afterEach(async ({}, testInfo) => {
  const failed = testInfo.status !== testInfo.expectedStatus;
  if (!failed && !process.env.CHAOS_TRACE) return;
  const body = await timeline();
  if (process.env.CHAOS_TRACE) writeFileSync(process.env.CHAOS_TRACE, body);
  if (failed) await testInfo.attach('sdk-timeline.txt', { body, contentType: 'text/plain' });
});

test('under 503s, network errors, offline periods, navigations and reloads every event lands exactly once, soon after the faults end', async ({
  page,
  context,
  lake,
  ingest,
}) => {
  // What each page's SDK did (sends, answers, timers, beacons), merged with what the ingest
  // saw: attached when the test fails, written to $CHAOS_TRACE when set.
  const trace = await SdkTrace.attach(context, ingest.started);
  let atLastTrack: SdkState | undefined;
  timeline = async () =>
    [
      `last page at the last track(): ${JSON.stringify(atLastTrack)}`,
      `last page now: ${JSON.stringify(await SdkTrace.state(page).catch(String))}`,
      trace.timeline(ingest),
    ].join('\n');
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
  const random = prng(seed);
  console.log(`chaos seed ${seed} (rerun with CHAOS_SEED=${seed})`);
  ingest.fault = (): Fault => {
    const r = random();
    return r < 0.3 ? 'http-503' : r < 0.4 ? 'network-error' : 'pass';
  };
  const paths: Record<Build, string> = {
    snippet: await installSdk(page, 'snippet'),
    npm: await installSdk(page, 'npm'),
  };
  const before = await serverStats();

  let seq = 0;
  let navigations = 0;
  let reloads = 0;
  await page.goto(paths.snippet);
  for (let load = 0; load < PAGE_LOADS; load++) {
    const quota = Math.round(((load + 1) * EVENTS) / PAGE_LOADS) - seq;
    if (OFFLINE.includes(load)) await context.setOffline(true);
    // Bursts with pauses, so batches leave (and fail) while the page lives.
    for (let i = 0; i < quota; i++) {
      await sdk(page, 'track', 'Chaos Tick', { seq: seq++, load });
      if (i % 15 === 14) await page.waitForTimeout(120);
    }
    if (OFFLINE.includes(load)) {
      await page.waitForTimeout(3_000);
      await context.setOffline(false);
    }
    if (load === PAGE_LOADS - 1) break;
    if (RELOADS.includes(load + 1)) {
      await page.reload();
      reloads++;
    } else {
      // Alternate the builds: both share the write key's persisted queue.
      await page.goto(`${navigations % 2 ? paths.snippet : paths.npm}?nav=${navigations}`);
      navigations++;
    }
  }
  const lastTracked = Date.now();
  // Faults end with the last event. With a 40 % failure rate to the end, the last page's tail
  // is a run of failures of random length, each retry waiting up to twice as long: runs of 5
  // and 12 took 26 s and 126–220 s (seeds 1 and 741886), whichever page they fell on decided
  // by timing, not by the seed. Without faults what remains is bounded: the one retry timer or
  // request pending now, then one send of everything queued.
  ingest.fault = () => 'pass';
  atLastTrack = await SdkTrace.state(page);
  expect({ seq, navigations, reloads }).toEqual({
    seq: EVENTS,
    navigations: NAVIGATIONS,
    reloads: RELOADS.length,
  });

  const rows = await lake.waitFor(EVENTS, 'true', TAIL_BOUND_MS);
  const landed = Date.now() - lastTracked;
  const after = await serverStats();
  const faults = ingest.requests.reduce<Record<string, number>>((n, r) => {
    n[r.fault] = (n[r.fault] ?? 0) + 1;
    return n;
  }, {});
  const received = after.received - before.received;
  const duplicates = after.duplicateMessageIds - before.duplicateMessageIds;
  const seqs = rows.map((r) => propertiesOf(r).seq as number);
  const lost = EVENTS - new Set(seqs).size;
  const duplicated = rows.length - new Set(rows.map((r) => r.message_id)).size;
  console.log(
    [
      `chaos: ${EVENTS} events, ${navigations} navigations, ${reloads} reloads, ${OFFLINE.length} offline periods`,
      `  fetches to /v1/batch: ${ingest.requests.length} (${JSON.stringify(faults)}); beacons are not routable`,
      `  server accepted ${received} events, ${duplicates} of them raw duplicates (${((100 * duplicates) / Math.max(received, 1)).toFixed(2)} %)`,
      `  in the lake: ${rows.length} rows, ${lost} lost, ${duplicated} duplicated by messageId`,
      `  last event landed ${(landed / 1000).toFixed(1)} s after the last track()`,
    ].join('\n'),
  );
  expect(lost).toBe(0);
  expect(duplicated).toBe(0);
  expect(rows).toHaveLength(EVENTS);
  expect(seqs.toSorted((a, b) => a - b)).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
  expect(landed).toBeLessThan(TAIL_BOUND_MS);
  expect(duplicates / received).toBeLessThan(MAX_DUPLICATE_SHARE);
});
