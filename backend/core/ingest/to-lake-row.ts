import { type ClickstreamEvent, type LakeRow, lakePartitionKeys } from '@clickstream/contract';
import { correctEventTime, toUtcIso } from './event-time';
import { isBotAgent } from './is-bot-agent';
import { parseTime } from './parse-time';
import { REDACTED } from './pii';

/** What the request (not the event) contributes to every row. */
export interface RowContext {
  readonly receivedAt: Date;
  /** `receivedAt` as ISO UTC, computed once per request. */
  readonly receivedAtIso: string;
  /** Envelope `sentAt`, used when the event has none. */
  readonly sentAt: string | undefined;
  /** `Date.parse(sentAt)`, once per request. */
  readonly sentAtMs: number | undefined;
  /** Partition values of `receivedAt`, computed once per request. */
  readonly partition: Pick<LakeRow, 'year' | 'month' | 'day' | 'hour'>;
  /** Anonymized client IP. */
  readonly ip: string | null;
  /** User agent from the request headers, used when the event has none. */
  readonly userAgent: string | undefined;
  readonly skewDeadBandMs: number;
}

/**
 * Partition values `year/month/day/hour` from the server receive time in UTC, zero-padded
 * strings as Firehose writes them: late or skewed client clocks never open old partitions.
 */
export function partitionOf(
  receivedAtIso: string,
): Pick<LakeRow, 'year' | 'month' | 'day' | 'hour'> {
  const values = [
    receivedAtIso.slice(0, 4),
    receivedAtIso.slice(5, 7),
    receivedAtIso.slice(8, 10),
    receivedAtIso.slice(11, 13),
  ];
  return Object.fromEntries(lakePartitionKeys.map((k, i) => [k, values[i]])) as Pick<
    LakeRow,
    'year' | 'month' | 'day' | 'hour'
  >;
}

/** A scrubbed id that had personal data in it is no id at all. */
const usableId = (id: string | number | null | undefined): string | null =>
  id === undefined || id === null || id === REDACTED ? null : String(id);

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Flattens a validated, scrubbed event into one lake row: the shape of the stream record,
 * the Parquet file and the Glue table (`LakeRow`, derived from the contract).
 * `user_id` is the identified user when there is one, else the anonymous id, so the
 * analysts' `count(distinct user_id)` works unchanged.
 */
export function toLakeRow(
  event: ClickstreamEvent,
  messageId: string,
  messageIdGenerated: boolean,
  ctx: RowContext,
): LakeRow {
  const context = event.context ?? {};
  const page = context.page ?? {};
  const campaign = context.campaign ?? {};
  // Segment's analytics.js repeats page fields in a page call's properties.
  const pageProps: Record<string, unknown> =
    event.type === 'page' && event.properties ? event.properties : {};
  const sentAt = event.sentAt ?? ctx.sentAt;
  const sentAtMs = event.sentAt === undefined ? ctx.sentAtMs : parseTime(event.sentAt);
  const time = correctEventTime(event.timestamp, sentAtMs, ctx.receivedAt, ctx.skewDeadBandMs);
  const identified = usableId(event.userId);
  const anonymous = usableId(event.anonymousId);
  const userAgent = context.userAgent ?? ctx.userAgent ?? null;
  const consent = context.consent ? grantedPurposes(context.consent) : null;
  return {
    message_id: messageId,
    type: event.type,
    event: event.type === 'track' ? event.event : null,
    name: event.type === 'page' ? (event.name ?? null) : null,
    user_id: identified ?? anonymous ?? REDACTED,
    anonymous_id: anonymous,
    identified_user_id: identified,
    session_id: usableId(event.sessionId),
    created_at: time.createdAt,
    received_at: ctx.receivedAtIso,
    sent_at: sentAt === undefined ? null : toUtcIso(sentAt),
    client_timestamp: time.clientTimestamp,
    page_url: page.url ?? str(pageProps.url),
    page_path: page.path ?? str(pageProps.path),
    page_search: page.search ?? str(pageProps.search),
    referrer: page.referrer ?? str(pageProps.referrer),
    title: page.title ?? str(pageProps.title),
    utm_source: campaign.source ?? null,
    utm_medium: campaign.medium ?? null,
    utm_campaign: campaign.name ?? null,
    utm_term: campaign.term ?? null,
    utm_content: campaign.content ?? null,
    user_agent: userAgent,
    locale: context.locale ?? null,
    timezone: context.timezone ?? null,
    screen_width: context.screen?.width ?? null,
    screen_height: context.screen?.height ?? null,
    library_name: context.library?.name ?? null,
    library_version: context.library?.version ?? null,
    ip: ctx.ip,
    is_bot: isBotAgent(userAgent ?? undefined),
    consent,
    message_id_generated: messageIdGenerated,
    properties: jsonObject('properties' in event ? event.properties : undefined),
    traits: jsonObject('traits' in event ? event.traits : undefined),
    // Spelled out, not spread: a spread copies through the generic slow path for every row.
    year: ctx.partition.year,
    month: ctx.partition.month,
    day: ctx.partition.day,
    hour: ctx.partition.hour,
  };
}

const jsonObject = (value: Record<string, unknown> | undefined): string =>
  value ? JSON.stringify(value) : '{}';

/** The purposes a consent record grants, sorted, comma-separated (`analytics,marketing`). */
function grantedPurposes(consent: Readonly<Record<string, unknown>>): string {
  const granted: string[] = [];
  for (const purpose of Object.keys(consent)) {
    if (consent[purpose] === true) granted.push(purpose);
  }
  return granted.length === 1 ? (granted[0] as string) : granted.sort().join(',');
}
