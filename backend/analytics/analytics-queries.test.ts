import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerBook, type KnownAnswers } from '../generator/known-answers';
import { writeTrafficToLake } from '../generator/write-traffic-to-lake';
import { closeLakeQueries, queryLake } from '../local/lake/query-lake';
import {
  type AnalyticsQuery,
  readAnalyticsQuery,
  runAnalyticsQuery,
  withDateRange,
} from './analytics-query';

const SEED = 20261125;
// 29 days: the retention query's last week (28 days after the first) is in.
const TRAFFIC = { seed: SEED, days: 29, newUsersPerDay: 25 } as const;
const RANGE = { fromDay: '2026-10-08', toDay: '2026-10-14' } as const;

let dataDir: string;
let answers: KnownAnswers;
let rangeAnswers: KnownAnswers;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-insights-'));
  const book = createAnswerBook(SEED);
  const rangeBook = createAnswerBook(SEED, RANGE);
  await writeTrafficToLake({
    ...TRAFFIC,
    dataDir,
    // Retries arrive up to two hours later, mostly in another hour's file: the dedup spans files.
    onEvent: (e) => {
      book.add(e);
      rangeBook.add(e);
    },
  });
  answers = book.answers();
  rangeAnswers = rangeBook.answers();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Rows with floats rounded to 9 places: sums in another order differ in the last bits. */
const rounded = (rows: readonly object[]): Record<string, unknown>[] =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v,
      ]),
    ),
  );

const CASES: readonly [AnalyticsQuery, keyof KnownAnswers][] = [
  ['dau', 'dau'],
  ['retention', 'retention'],
  ['weekly-actives', 'weeklyActives'],
  ['monthly-actives', 'monthlyActives'],
  ['sessions', 'sessions'],
  ['top-pages', 'topPages'],
  ['top-referrers', 'topReferrers'],
  ['utm-attribution', 'utmAttribution'],
  ['funnel', 'funnel'],
  ['revenue-per-day', 'revenuePerDay'],
  ['web-vitals', 'webVitals'],
];

describe('the analysts’ queries on generated traffic', () => {
  it('has traffic with every feature the queries look at', () => {
    expect(answers.dau.length).toBe(TRAFFIC.days);
    expect(answers.duplicates).toBeGreaterThan(0);
    expect(answers.funnel.map((s) => s.sessions).every((n) => n > 0)).toBe(true);
    expect(answers.utmAttribution.some((a) => a.utm_source !== '(none)')).toBe(true);
    expect(new Set(answers.webVitals.map((v) => v.rating)).size).toBeGreaterThan(1);
  });

  for (const [query, key] of CASES) {
    it(`${query}.sql returns exactly the generator’s answer`, async () => {
      const rows = await runAnalyticsQuery(dataDir, query);
      expect(rounded(rows)).toEqual(rounded(answers[key] as object[]));
    });
  }

  for (const [query, key] of CASES.filter(([q]) => q !== 'dau' && q !== 'retention')) {
    it(`${query}.sql narrowed to a week returns exactly that week’s answer`, async () => {
      const rows = await runAnalyticsQuery(dataDir, query, RANGE);
      expect(rounded(rows)).toEqual(rounded(rangeAnswers[key] as object[]));
    });
  }
});

describe('date ranges', () => {
  it('read only the partitions of the range, up to a day after it for late events', async () => {
    const sql = await readAnalyticsQuery('top-pages', RANGE);
    const [plan] = await queryLake(dataDir, `EXPLAIN ANALYZE ${sql.replace(/;\s*$/, '')}`);
    const read = /Total Files Read:\s*([\d,]+)/.exec(String(plan?.explain_value))?.[1];
    const files = (await readdir(join(dataDir, 'lake/events'), { recursive: true })).filter((f) =>
      f.endsWith('.parquet'),
    );
    const inRange = files.filter((f) => {
      const [, y, m, d] = /year=(\d+).month=(\d+).day=(\d+)/.exec(f) ?? [];
      const day = `${y}-${m}-${d}`;
      return day >= RANGE.fromDay && day <= '2026-10-15';
    });
    expect(inRange.length).toBeGreaterThan(0);
    expect(Number(read?.replaceAll(',', ''))).toBe(inRange.length);
    expect(inRange.length).toBeLessThan(files.length / 3);
  });

  it('refuse a day that is not YYYY-MM-DD, so nothing but a date reaches the SQL', () => {
    expect(() =>
      withDateRange("x >= '0000-01-01' /*:from_day*/", {
        fromDay: "2026-10-01' OR 1=1 --",
        toDay: '2026-10-02',
      }),
    ).toThrow(RangeError);
  });

  it('leave a query without parameters unchanged and name an unknown parameter', () => {
    expect(withDateRange('SELECT 1', RANGE)).toBe('SELECT 1');
    expect(() => withDateRange("'x' /*:until*/", RANGE)).toThrow(/:until/);
  });
});

// Close this worker's cached DuckDB instances before it exits (see closeLakeQueries).
afterAll(closeLakeQueries);
