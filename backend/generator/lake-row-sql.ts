import { type LakeRow, lakeDataColumns, type lakePartitionKeys } from '@clickstream/contract';
import { sqlIdent, sqlString } from '../local/lake/duckdb-sql';
import {
  AGENTS,
  CAMPAIGNS,
  LIBRARY,
  LOCALES,
  PAGES,
  REFERRERS,
  SCREENS,
  SHOP_ORIGIN,
} from './catalog';
import { EVENT_NAMES, KIND } from './generated-event';
import { ID_SQL } from './ids';

/**
 * The staging table's columns: `GeneratedEvent` as numbers, in this order, then `part`, the
 * receive hour (epoch hours) that picks the event's partition.
 */
export const STAGING_COLUMNS_DDL = `seq INTEGER, kind UTINYINT, user_ix INTEGER, identified BOOLEAN,
  session DOUBLE, time DOUBLE, flush_ms INTEGER, latency_ms INTEGER, page SMALLINT,
  referrer SMALLINT, campaign SMALLINT, agent UTINYINT, locale UTINYINT, screen UTINYINT,
  properties VARCHAR, part INTEGER`;

/** A stored column: the partition columns come from the file's folder. */
type LakeDataColumn = Exclude<keyof LakeRow, (typeof lakePartitionKeys)[number]>;

const list = (values: readonly (string | number | boolean | null)[]): string =>
  `[${values.map((v) => (typeof v === 'string' ? sqlString(v) : String(v))).join(', ')}]`;
/** `values[index]` in SQL: DuckDB lists are 1-based; a negative index gives NULL. */
const lookup = (values: readonly (string | number | boolean | null)[], index: string): string =>
  `CASE WHEN ${index} >= 0 THEN ${list(values)}[${index} + 1] END`;
/** Epoch ms as `Date.prototype.toISOString()` writes it. */
const iso = (ms: string): string =>
  `strftime(epoch_ms(CAST(${ms} AS BIGINT)), '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** The landing URL's query string of each campaign (`context.page.search`). */
export const campaignSearch = (c: (typeof CAMPAIGNS)[number]): string =>
  `?utm_source=${c.source}&utm_medium=${c.medium}&utm_campaign=${c.name}`;

/** A referrer index's URL: external referrers first, then the shop's own pages. */
export const REFERRER_URLS: readonly string[] = [
  ...REFERRERS,
  ...PAGES.map((p) => SHOP_ORIGIN + p.path),
];

/**
 * The SELECT that turns staged `GeneratedEvent` numbers into lake rows: the contract's data
 * columns in Glue order, as a file in its partition folder holds them. The strings are
 * built here, in DuckDB's threads, because building them in JavaScript and handing them over
 * one by one is what kept the writer under its 200,000 events/s budget.
 *
 * Each expression mirrors what the ingest core (`toLakeRow`) makes of the wire event that
 * `toWireEvent` builds from the same numbers; the tests compare the two row by row.
 *
 * @param seed - the traffic's seed (part of every id)
 * @param table - the staging table
 * @param where - which staged rows, e.g. one partition's (`part = 493000`)
 */
export function lakeRowSql(seed: number, table: string, where = 'true'): string {
  const search = `coalesce(${lookup(CAMPAIGNS.map(campaignSearch), 'campaign')}, '')`;
  const userId = ID_SQL.userId(seed);
  const anonymousId = ID_SQL.anonymousId(seed);
  const expressions: Record<LakeDataColumn, string> = {
    message_id: ID_SQL.messageId(seed),
    type: `CASE kind WHEN ${KIND.page} THEN 'page' WHEN ${KIND.identify} THEN 'identify' ELSE 'track' END`,
    event: lookup(EVENT_NAMES, 'kind'),
    name: 'CAST(NULL AS VARCHAR)',
    user_id: `CASE WHEN identified THEN ${userId} ELSE ${anonymousId} END`,
    anonymous_id: anonymousId,
    identified_user_id: `CASE WHEN identified THEN ${userId} END`,
    session_id: ID_SQL.sessionId(),
    created_at: iso('time'),
    received_at: 'received_at',
    sent_at: iso('time + flush_ms'),
    client_timestamp: iso('time'),
    page_url: `${sqlString(SHOP_ORIGIN)} || ${lookup(
      PAGES.map((p) => p.path),
      'page',
    )} || ${search}`,
    page_path: lookup(
      PAGES.map((p) => p.path),
      'page',
    ),
    page_search: search,
    referrer: lookup(REFERRER_URLS, 'referrer'),
    title: lookup(
      PAGES.map((p) => p.title),
      'page',
    ),
    utm_source: lookup(
      CAMPAIGNS.map((c) => c.source),
      'campaign',
    ),
    utm_medium: lookup(
      CAMPAIGNS.map((c) => c.medium),
      'campaign',
    ),
    utm_campaign: lookup(
      CAMPAIGNS.map((c) => c.name),
      'campaign',
    ),
    utm_term: 'CAST(NULL AS VARCHAR)',
    utm_content: 'CAST(NULL AS VARCHAR)',
    user_agent: lookup(
      AGENTS.map((a) => a.userAgent),
      'agent',
    ),
    locale: lookup(
      LOCALES.map((l) => l.locale),
      'locale',
    ),
    timezone: lookup(
      LOCALES.map((l) => l.timezone),
      'locale',
    ),
    screen_width: `CAST(${lookup(
      SCREENS.map((s) => s[0]),
      'screen',
    )} AS INTEGER)`,
    screen_height: `CAST(${lookup(
      SCREENS.map((s) => s[1]),
      'screen',
    )} AS INTEGER)`,
    library_name: sqlString(LIBRARY.name),
    library_version: sqlString(LIBRARY.version),
    ip: 'CAST(NULL AS VARCHAR)',
    is_bot: lookup(
      AGENTS.map((a) => a.bot),
      'agent',
    ),
    consent: `'analytics'`,
    message_id_generated: 'false',
    properties: `CASE WHEN kind = ${KIND.identify} THEN '{}' ELSE coalesce(properties, '{}') END`,
    traits: `CASE WHEN kind = ${KIND.identify} THEN coalesce(properties, '{}') ELSE '{}' END`,
  };
  const columns = lakeDataColumns
    .map((c) => c.name)
    .map((name) => `${expressions[name as LakeDataColumn]} AS ${sqlIdent(name)}`);
  return `SELECT ${columns.join(',\n  ')}
FROM (SELECT *, ${iso('time + flush_ms + latency_ms')} AS received_at FROM ${table}
      WHERE kind <> ${KIND.malformed} AND (${where}))`;
}
