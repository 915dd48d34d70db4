import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LakeRow } from '@clickstream/contract';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH_OPTIONS } from '../../../e2e/support/chromium';
import { createAnswerBook, type KnownAnswers } from '../../generator/known-answers';
import { writeTrafficToLake } from '../../generator/write-traffic-to-lake';
import { queryLake } from '../lake/query-lake';
import { dashboardRoutes } from './index';

const SEED = 31;
let dataDir: string;
let answers: KnownAnswers;
let server: ReturnType<typeof serve>;
let url: string;
let browser: Browser;
const recent: LakeRow[] = [];
const app = () =>
  dashboardRoutes({ dataDir, recent: (n) => recent.slice(0, n), liveIntervalMs: 200 });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-dashboard-'));
  const book = createAnswerBook(SEED);
  await writeTrafficToLake({
    dataDir,
    seed: SEED,
    startDay: '2026-10-01',
    days: 29,
    newUsersPerDay: 8,
    onEvent: book.add,
  });
  answers = book.answers();
  await mkdir(join(dataDir, 'dlq'), { recursive: true });
  const letter = (failure: string) =>
    JSON.stringify({ failure, reason: 'test', receivedAt: '2026-10-02T00:00:00.000Z' });
  await writeFile(
    join(dataDir, 'dlq', 'dead-letters.ndjson'),
    `${[letter('schema_violation'), letter('schema_violation'), letter('consent_denied')].join('\n')}\n`,
  );
  const routes = app();
  server = serve({ fetch: routes.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the dashboard API', () => {
  it('answers each query with the rows of its .sql file', async () => {
    const res = await app().request('/dashboard/api/funnel');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(answers.funnel);
  });

  it('narrows a query to ?from=&to= and refuses a malformed day', async () => {
    const ok = await app().request('/dashboard/api/top-pages?from=2026-10-01&to=2026-10-29');
    expect(await ok.json()).toEqual(answers.topPages);
    const bad = await app().request('/dashboard/api/top-pages?from=yesterday&to=2026-10-29');
    expect(bad.status).toBe(400);
  });

  it('refuses a query that is not one of the analysts’ files', async () => {
    const res = await app().request('/dashboard/api/..%2F..%2Fpackage');
    expect(res.status).toBe(404);
  });

  it('counts rejected events by reason from the dead-letter store', async () => {
    const res = await app().request('/dashboard/api/rejected');
    expect(await res.json()).toEqual([
      { failure: 'schema_violation', events: 2 },
      { failure: 'consent_denied', events: 1 },
    ]);
  });
});

describe('the dashboard page, in Chromium', () => {
  it('draws the generator’s known numbers and shows new events live within 2 s', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    await page.goto(`${url}/dashboard`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 60_000 });
    expect(await page.textContent('#status')).toMatch(/^updated/);

    const dau = JSON.parse((await page.getAttribute('#dau-chart', 'data-values')) ?? '[]');
    const expectedDau = [...answers.dau].reverse();
    expect(dau[1]).toEqual(expectedDau.map((d) => d.dau));
    expect(await page.locator('#dau-chart canvas').count()).toBe(1);
    expect(await page.locator('#funnel-chart canvas').count()).toBe(1);
    const funnel = JSON.parse((await page.getAttribute('#funnel-chart', 'data-values')) ?? '[]');
    expect(funnel[1]).toEqual(answers.funnel.map((s) => s.sessions));
    expect(await page.locator('#web-vitals tr').count()).toBe(
      new Set(answers.webVitals.map((v) => v.page_path)).size + 1,
    );
    const poor = answers.webVitals.filter((v) => v.rating === 'poor').length;
    expect(await page.locator('#web-vitals td.poor').count()).toBe(poor);
    expect(await page.locator('#retention tr').count()).toBe(
      new Set(answers.retention.map((r) => r.cohort)).size + 1,
    );
    expect(await page.textContent('#rejected')).toContain('schema_violation2');

    const [row] = await queryLake(
      dataDir,
      'SELECT * FROM clickstream.events ORDER BY message_id LIMIT 1',
    );
    recent.unshift(row as LakeRow);
    await page.waitForSelector(`#live li:has-text("${(row as LakeRow).user_id}")`, {
      timeout: 2_000,
    });

    // The docs screenshot is refreshed on request only, so a test run never dirties the checkout.
    const screenshot = process.env.UPDATE_DOCS_SCREENSHOTS
      ? join(import.meta.dirname, '../../../docs/dashboard.png')
      : join(dataDir, 'dashboard.png');
    expect((await page.screenshot({ path: screenshot, fullPage: true })).length).toBeGreaterThan(0);
    await page.close();
  });
});
