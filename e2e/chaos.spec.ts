import type { Fault } from './support/ingestTraffic';
import { type Build, installSdk, sdk } from './support/installSdk';
import { propertiesOf } from './support/readLake';
import { serverStats } from './support/serverStats';
import { expect, test } from './support/test';

const EVENTS = 2_000;
const NAVIGATIONS = 20;
const RELOADS = [6, 13, 19];
const OFFLINE = [4, 15];
const PAGE_LOADS = 1 + NAVIGATIONS + RELOADS.length;

/** mulberry32: a seeded PRNG, so a failing run can be replayed with its printed seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

test('under 503s, network errors, offline periods, navigations and reloads every event lands exactly once', async ({
  page,
  context,
  lake,
  ingest,
}) => {
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
  expect({ seq, navigations, reloads }).toEqual({
    seq: EVENTS,
    navigations: NAVIGATIONS,
    reloads: RELOADS.length,
  });

  const rows = await lake.waitFor(EVENTS, 'true', 4 * 60_000);
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
});
