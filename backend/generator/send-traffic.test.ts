import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyticsQuery } from '../analytics/analytics-query';
import { closeLakeQueries } from '../local/lake/query-lake';
import {
  startTestRuntime,
  TEST_ORIGIN,
  TEST_WRITE_KEY,
  type TestRuntime,
} from '../local/startTestRuntime';
import { createAnswerBook } from './known-answers';
import { type SendSummary, sendTraffic } from './send-traffic';

const SEED = 77;
let t: TestRuntime;

beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.dispose();
});

/** Two days ending at the last UTC midnight: every event time is in the past, as a real SDK's. */
const startDay = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

describe('sendTraffic', () => {
  let summary: SendSummary;
  const book = createAnswerBook(SEED);

  it('sends traffic through the real ingest API: malformed events rejected, the rest accepted', async () => {
    const progress: SendSummary[] = [];
    summary = await sendTraffic({
      endpoint: t.runtime.url,
      writeKey: TEST_WRITE_KEY,
      origin: TEST_ORIGIN,
      seed: SEED,
      startDay,
      days: 2,
      newUsersPerDay: 12,
      malformedShare: 0.1,
      rate: 4_000,
      batchSize: 50,
      onBatch: (events) => {
        for (const e of events) book.add(e);
      },
      onProgress: (p) => progress.push(p),
    });
    const answers = book.answers();
    expect(summary.failed).toBe(0);
    expect(summary.rejected).toBe(answers.malformed);
    expect(summary.rejected).toBeGreaterThan(0);
    expect(summary.accepted + summary.rejected).toBe(summary.sent);
    expect(summary.statuses).toEqual({ 200: summary.requests });
    expect(summary.p50Ms).toBeGreaterThan(0);
    expect(summary.p99Ms).toBeGreaterThanOrEqual(summary.p50Ms);
  });

  it('lands what it sent in the lake, where the queries return the generator’s answers', async () => {
    const answers = book.answers();
    const unique = summary.accepted - answers.duplicates;
    expect(await t.waitForLake(unique, 60_000)).toBe(unique);
    expect(await runAnalyticsQuery(t.dataDir, 'dau')).toEqual(answers.dau);
    expect(await runAnalyticsQuery(t.dataDir, 'funnel')).toEqual(answers.funnel);
    expect(await runAnalyticsQuery(t.dataDir, 'revenue-per-day')).toEqual(answers.revenuePerDay);
  });

  it('keeps to the requested rate and stops at the duration', async () => {
    const started = performance.now();
    const paced = await sendTraffic({
      endpoint: t.runtime.url,
      writeKey: TEST_WRITE_KEY,
      origin: TEST_ORIGIN,
      seed: SEED + 1,
      startDay,
      days: 2,
      newUsersPerDay: 200,
      rate: 100,
      batchSize: 5,
      // Enough requests in flight that a slow answer (this machine is shared) does not pace it.
      concurrency: 32,
      durationSeconds: 2,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(1.9);
    expect(seconds).toBeLessThan(6);
    // Never faster than the rate: batches due before the deadline only; slower only if the
    // server is.
    expect(paced.sent).toBeLessThanOrEqual(200);
    expect(paced.sent).toBeGreaterThanOrEqual(100);
  });

  it('counts every event of a request the endpoint refuses as failed', async () => {
    const refused = await sendTraffic({
      endpoint: t.runtime.url,
      writeKey: 'wk_unknown',
      seed: SEED,
      startDay,
      days: 1,
      newUsersPerDay: 2,
    });
    expect(refused.accepted).toBe(0);
    expect(refused.failed).toBe(refused.sent);
    expect(refused.statuses).toEqual({ 401: refused.requests });
  });
});

// Close this worker's cached DuckDB instances before it exits (see closeLakeQueries).
afterAll(closeLakeQueries);
