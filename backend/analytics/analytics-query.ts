import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { queryLake } from '../local/lake/query-lake';

/** The analysts' questions, one `.sql` file each in this folder. */
export const ANALYTICS_QUERIES = [
  'dau',
  'retention',
  'weekly-actives',
  'monthly-actives',
  'sessions',
  'top-pages',
  'top-referrers',
  'utm-attribution',
  'funnel',
  'revenue-per-day',
  'web-vitals',
] as const;

export type AnalyticsQuery = (typeof ANALYTICS_QUERIES)[number];

/** Inclusive UTC days of event time, `YYYY-MM-DD`. */
export interface DateRange {
  readonly fromDay: string;
  readonly toDay: string;
  /**
   * Days after `toDay` whose partitions (server receive time) are still read, for events that
   * arrive late: an SDK queue flushed the next morning, a retry.
   * @default 1
   */
  readonly lateDays?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A parameter: a string literal followed by its name, `'0000-01-01' /*:from_day*\/`. */
const PARAMETER = /'[^']*'\s*\/\*:(\w+)\*\//g;

/**
 * Narrows a query to a date range by replacing its parameters, so that it reads only the
 * partitions of those days. Each parameter is a literal that works as written (the whole
 * table), which keeps the file runnable unchanged in Athena and `npm run query`.
 * Parameters: `from_day`, `to_day` (event time) and `to_received_day` (`to_day` plus the
 * late days, for the partition predicate: partitions are by receive time, which is never
 * before event time).
 *
 * @param sql - a query from this folder
 * @param range - the days; both must be `YYYY-MM-DD`
 * @returns the query with the literals replaced
 * @example withDateRange(sql, { fromDay: '2026-11-01', toDay: '2026-11-07' })
 * @see docs/analytics.md "Date ranges"
 */
export function withDateRange(sql: string, range: DateRange): string {
  for (const day of [range.fromDay, range.toDay]) {
    if (!DAY.test(day) || Number.isNaN(Date.parse(day))) {
      throw new RangeError(`a day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
    }
  }
  const late = new Date(Date.parse(range.toDay) + (range.lateDays ?? 1) * 86_400_000);
  const values: Record<string, string> = {
    from_day: range.fromDay,
    to_day: range.toDay,
    to_received_day: late.toISOString().slice(0, 10),
  };
  return sql.replace(PARAMETER, (_literal, name: string) => {
    const value = values[name];
    if (value === undefined) throw new RangeError(`unknown query parameter :${name}`);
    return `'${value}' /*:${name}*/`;
  });
}

/**
 * Reads one of the analysts' queries.
 *
 * @param name - the file's name without `.sql`
 * @param range - narrows it to these days (see {@link withDateRange}); the whole table if omitted
 */
export async function readAnalyticsQuery(name: AnalyticsQuery, range?: DateRange): Promise<string> {
  const sql = await readFile(join(import.meta.dirname, `${name}.sql`), 'utf8');
  return range ? withDateRange(sql, range) : sql;
}

/**
 * Runs one of the analysts' queries on the local lake, as `npm run query` does.
 *
 * @param dataDir - the runtime's data folder (`CLICKSTREAM_DATA_DIR`)
 * @param name - the file's name without `.sql`
 * @param range - narrows it to these days; the whole table if omitted
 * @returns the rows (dates as `YYYY-MM-DD` strings)
 * @example await runAnalyticsQuery('.data', 'funnel', { fromDay: '2026-11-01', toDay: '2026-11-30' })
 */
export async function runAnalyticsQuery(
  dataDir: string,
  name: AnalyticsQuery,
  range?: DateRange,
): Promise<Record<string, unknown>[]> {
  return queryLake(dataDir, await readAnalyticsQuery(name, range));
}
