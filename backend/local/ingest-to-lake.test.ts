import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestRuntime,
  TEST_ORIGIN,
  TEST_WRITE_KEY,
  type TestRuntime,
  trackEvent,
} from './startTestRuntime';

let t: TestRuntime;
let siteDir: string;

beforeAll(async () => {
  siteDir = await mkdtemp(join(tmpdir(), 'demo-site-'));
  await writeFile(join(siteDir, 'index.html'), '<h1>demo shop</h1>');
  t = await startTestRuntime({ demoSiteDir: siteDir, sdkDir: siteDir });
});
afterAll(async () => {
  await t?.dispose();
  await rm(siteDir, { recursive: true, force: true });
});

describe('the local runtime, from HTTP to the Parquet lake', () => {
  it('answers /healthz with 200 once it is up', async () => {
    const res = await fetch(`${t.runtime.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('stores a posted batch in the lake with PII scrubbed, partitioned by receive hour', async () => {
    const before = new Date();
    const batch = Array.from({ length: 20 }, (_, i) =>
      trackEvent(`lake-${i}`, `anon-${i % 3}`, {
        properties: { email: `jane.doe+${i}@example.com`, note: 'call +1 415 555 0100' },
        context: {
          consent: { analytics: true },
          page: {
            url: `https://shop.example.com/p?email=jane${i}@example.com&ref=mail`,
            path: '/p',
          },
        },
      }),
    );
    const res = await t.post(batch);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, accepted: 20 });
    expect(await t.waitForLake(20)).toBe(20);

    const rows = await t.query(
      `SELECT message_id, properties, page_url, year, month, day, hour FROM clickstream.events WHERE message_id LIKE 'lake-%'`,
    );
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(String(row.properties)).not.toContain('@example.com');
      expect(String(row.page_url)).not.toContain('@example.com');
      expect(String(row.page_url)).toContain('ref=mail');
    }
    const hour = (d: Date) => [
      String(d.getUTCFullYear()),
      String(d.getUTCMonth() + 1).padStart(2, '0'),
      String(d.getUTCDate()).padStart(2, '0'),
      String(d.getUTCHours()).padStart(2, '0'),
    ];
    const partitions = new Set(rows.map((r) => [r.year, r.month, r.day, r.hour].join('/')));
    const possible = new Set([hour(before).join('/'), hour(new Date()).join('/')]);
    expect([...partitions].every((p) => possible.has(p))).toBe(true);
    const [year, month, day, h] = (rows[0] && [
      rows[0].year,
      rows[0].month,
      rows[0].day,
      rows[0].hour,
    ]) as string[];
    const folder = join(
      t.dataDir,
      'lake',
      'events',
      `year=${year}`,
      `month=${month}`,
      `day=${day}`,
      `hour=${h}`,
    );
    expect((await readdir(folder)).some((f) => f.endsWith('.parquet'))).toBe(true);
  });

  it('accepts Segment-style single events on /v1/track with the write key in Basic auth', async () => {
    const { type: _omitted, ...event } = trackEvent('segment-1');
    const res = await fetch(`${t.runtime.url}/v1/track`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${TEST_WRITE_KEY}:`).toString('base64')}`,
      },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(200);
    await t.waitForLake(21);
    const rows = await t.query(
      `SELECT type FROM clickstream.events WHERE message_id = 'segment-1'`,
    );
    expect(rows).toEqual([{ type: 'track' }]);
  });

  it('answers a preflight from an allowed origin and refuses other origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${t.runtime.url}/v1/batch`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight(TEST_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const refused = await preflight('https://attacker.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('counts re-sent message ids as raw duplicates while the lake keeps one row each', async () => {
    const batch = [trackEvent('dup-1'), trackEvent('dup-2')];
    expect((await t.post(batch)).status).toBe(200);
    expect((await t.post(batch)).status).toBe(200);
    const stats = (await (await fetch(`${t.runtime.url}/v1/stats`)).json()) as Record<
      string,
      number
    >;
    expect(stats.duplicateMessageIds).toBe(2);
    await t.waitForLake(23);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rows = await t.query(
      `SELECT count(*) AS n FROM clickstream.events WHERE message_id IN ('dup-1', 'dup-2')`,
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('takes a gzip body from ?enc=gzip and refuses a body over the batch limit with 413', async () => {
    const gz = gzipSync(
      JSON.stringify({ batch: [trackEvent('gzip-1')], writeKey: TEST_WRITE_KEY }),
    );
    const res = await fetch(`${t.runtime.url}/v1/batch?enc=gzip`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: TEST_ORIGIN },
      body: gz,
    });
    expect(res.status).toBe(200);
    const huge = await t.post([
      trackEvent('huge', 'anon', { properties: { blob: 'x'.repeat(600_000) } }),
    ]);
    expect(huge.status).toBe(413);
    const stats = (await (await fetch(`${t.runtime.url}/v1/stats`)).json()) as Record<
      string,
      number
    >;
    expect(stats.deadLettered).toBeGreaterThanOrEqual(1);
  });

  it('serves the demo site at / and the SDK under /sdk/', async () => {
    expect(await (await fetch(`${t.runtime.url}/`)).text()).toContain('demo shop');
    expect((await fetch(`${t.runtime.url}/sdk/index.html`)).status).toBe(200);
    expect((await fetch(`${t.runtime.url}/sdk/missing.js`)).status).toBe(404);
  });
});
