/**
 * The ingest core's input and output. The core is pure: no AWS, no HTTP server, no clock
 * (the receive time comes in), no I/O. Adapters (the Lambda handler, the local server) turn
 * their request into an `IngestRequest`, write `records` to the stream and `badRows` to the
 * dead-letter store, and only then send `response` (principle 3: 2xx only once durable).
 */
import type { EventType, LakeRow } from '@clickstream/contract';

/** One site that may send events. */
export interface SiteConfig {
  /** The write key the SDK sends (`writeKey` in the body, `?writeKey=` or Basic auth). */
  readonly writeKey: string;
  /**
   * Origins allowed to send with this key: exact (`https://shop.example.com`), a subdomain
   * wildcard (`https://*.example.com`) or `*`. Requests without an `Origin` header (servers,
   * curl) are allowed; browsers always send one on cross-origin POSTs.
   */
  readonly allowedOrigins: readonly string[];
}

export interface IngestConfig {
  readonly sites: readonly SiteConfig[];
  /**
   * Store events that carry no `context.consent` at all (e.g. from Segment's analytics.js).
   * Events whose `context.consent` does not grant `analytics` are never stored.
   * @default true
   */
  readonly acceptWithoutConsent?: boolean;
  /**
   * With a `Sec-GPC: 1` request header, store only events whose consent explicitly grants
   * `analytics` (the visitor opted in after the GPC signal).
   * @default true
   */
  readonly honorGlobalPrivacyControl?: boolean;
  /**
   * Clock-skew dead-band: `timestamp + (receivedAt - sentAt)` is applied only when the
   * client clock is off by more than this, since the difference also contains network delay.
   * @default 5000
   */
  readonly skewDeadBandMs?: number;
}

/** A request as the adapter received it. Header names are lower-case. */
export interface IngestRequest {
  readonly method: string;
  /** Raw body: bytes as received, or a string already decoded by the adapter. */
  readonly body: string | Uint8Array | undefined;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Client IP as seen by the adapter; anonymized before it is stored, never kept raw. */
  readonly sourceIp: string | undefined;
  readonly receivedAt: Date;
  /** Segment-style single-event paths (`/v1/track`): the type when the body has none. */
  readonly eventType?: EventType;
}

/** Snowplow-style failure types: what kind of rule an event or request broke. */
export type FailureType =
  | 'malformed_request'
  | 'size_violation'
  | 'unsupported_media_type'
  | 'origin_not_allowed'
  | 'invalid_write_key'
  | 'schema_violation'
  | 'consent_denied'
  | 'stream_put_failed'
  | 'internal_error';

/** A rejected event or request, kept in the dead-letter store with its reason. */
export interface BadRow {
  readonly failure: FailureType;
  /** Human-readable detail, e.g. `properties.cart: nested deeper than 8`. */
  readonly reason: string;
  readonly receivedAt: string;
  /** Position in the batch, when the failure is about one event. */
  readonly index?: number;
  readonly messageId?: string;
  /**
   * The offending payload as JSON, PII-scrubbed and truncated to the event size limit.
   * Absent when keeping it would itself be wrong (consent denied, unknown write key).
   */
  readonly payload?: string;
  /** The write key the request used, when it was a known one (for replay). */
  readonly writeKey?: string;
}

/** A record for the stream: the lake row, keyed by anonymous id to keep per-user order. */
export interface StreamRecord {
  readonly partitionKey: string;
  readonly row: LakeRow;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Counters for one request; the adapter adds them to its metrics. */
export interface IngestStats {
  readonly received: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly consentDropped: number;
  readonly piiRedactions: number;
  readonly generatedMessageIds: number;
}

export interface IngestResult {
  /** Send this only once `records` and `badRows` are durable; otherwise answer 503. */
  readonly response: HttpResponse;
  readonly records: readonly StreamRecord[];
  readonly badRows: readonly BadRow[];
  readonly stats: IngestStats;
}
