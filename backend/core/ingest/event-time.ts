import { parseTime } from './parse-time';

/** The event time to store, and the client's own time kept beside it. */
export interface EventTime {
  /** Skew-corrected event time, ISO-8601 UTC ending in `Z`. */
  readonly createdAt: string;
  /** The client's `timestamp` as sent, normalised to ISO UTC; `null` when absent. */
  readonly clientTimestamp: string | null;
}

/**
 * Corrects the client clock the way Segment does, `timestamp + (receivedAt − sentAt)`, but
 * only when the skew is beyond `deadBandMs`: the difference also holds the network delay and
 * queueing time, which must not shift honest clocks (getsentry/relay #534, PostHog #98250).
 * A time still in the future after correction is clamped to `receivedAt` (PostHog #533).
 *
 * @param timestamp - when the event happened, by the client clock
 * @param sentAtMs - when the request was sent, by the same clock (`Date.parse` of `sentAt`)
 * @param receivedAt - server receive time
 * @param deadBandMs - skew tolerated without correction
 * @see https://segment.com/docs/connections/spec/common/#timestamp-overview
 */
export function correctEventTime(
  timestamp: string | undefined,
  sentAtMs: number | undefined,
  receivedAt: Date,
  deadBandMs: number,
): EventTime {
  const received = receivedAt.getTime();
  if (timestamp === undefined) {
    return { createdAt: receivedAt.toISOString(), clientTimestamp: null };
  }
  const client = parseTime(timestamp);
  let created = client;
  if (sentAtMs !== undefined) {
    const skew = received - sentAtMs;
    if (Number.isFinite(skew) && Math.abs(skew) > deadBandMs) created = client + skew;
  }
  if (created > received) created = received;
  // Validated upstream, so it parses.
  const clientIso = toUtcIso(timestamp, client) ?? receivedAt.toISOString();
  return {
    createdAt: created === client ? clientIso : new Date(created).toISOString(),
    clientTimestamp: clientIso,
  };
}

/**
 * A time as ISO-8601 UTC ending in `Z`, or `null` when it does not parse. The SDK already sends
 * that canonical form: it passes through without being parsed and formatted again.
 *
 * @param ms - `Date.parse(time)`, when the caller has it already
 */
export function toUtcIso(time: string, ms?: number): string | null {
  if (isCanonicalUtc(time)) return time;
  const parsed = ms ?? parseTime(time);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** `2026-11-25T10:00:00.000Z`: exactly what `Date.prototype.toISOString()` writes. */
function isCanonicalUtc(time: string): boolean {
  return (
    time.length === 24 && time.charCodeAt(23) === 90 /* Z */ && time.charCodeAt(19) === 46 /* . */
  );
}
