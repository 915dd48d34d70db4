/**
 * The Clickstream event contract — the ONE place the event format is defined.
 *
 * Everything else is derived from the schemas below by code or type inference:
 * the SDK's TypeScript types (`Static<>`, types only), the ingest validator
 * (TypeBox's compiled checker), the lake's column list (`lake-columns.ts`), the
 * Glue table and the OpenSearch index mapping (`search-mapping.ts`).
 *
 * Wire format: compatible with the Segment Tracking API spec where Segment has
 * the field, so Segment's own analytics.js can post here.
 * @see https://segment.com/docs/connections/spec/common/
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** Every limit the ingest enforces; each is published in docs/event-spec.md. */
export const LIMITS = {
  /** Serialized size of one event, UTF-8 bytes (Segment's figure). */
  maxEventBytes: 32 * 1024,
  /** Size of one request body after decompression, UTF-8 bytes. */
  maxBatchBytes: 500 * 1024,
  /** Events in one batch envelope. */
  maxBatchEvents: 500,
  /** Length of `event` and `name`, in UTF-16 code units. */
  maxNameLength: 200,
  /** Length of `messageId`, `userId`, `anonymousId`, `sessionId`. */
  maxIdLength: 256,
  /** Length of any other string: URLs, titles, user agents, property values. */
  maxStringLength: 8192,
  /** Length of an object key in `properties` / `traits`. */
  maxKeyLength: 256,
  /** Keys per object in `properties` / `traits` (at any depth). */
  maxKeysPerObject: 256,
  /** Nesting depth of `properties` / `traits` (the top-level object is depth 1). */
  maxDepth: 8,
} as const;

const id = () => Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength });
const text = () => Type.String({ maxLength: LIMITS.maxStringLength });
const optionalText = () => Type.Optional(text());
/** An RFC 3339 / ISO-8601 date-time with a zone, as `Date.prototype.toISOString()` writes it. */
const isoTime = () =>
  Type.String({
    maxLength: 64,
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$',
  });
/** Free-form JSON objects; their depth, keys and strings are bounded by `LIMITS`. */
const freeObject = () => Type.Record(Type.String(), Type.Unknown());

export const PageContextSchema = Type.Object({
  url: optionalText(),
  path: optionalText(),
  search: optionalText(),
  title: optionalText(),
  referrer: optionalText(),
});

/** UTM parameters, as `utm_source` → `source` etc. */
export const CampaignContextSchema = Type.Object({
  source: optionalText(),
  medium: optionalText(),
  name: optionalText(),
  term: optionalText(),
  content: optionalText(),
});

/** Consent categories granted when the event was recorded, e.g. `{ analytics: true, marketing: false }`. */
export const ConsentSchema = Type.Record(Type.String({ maxLength: 64 }), Type.Boolean());

export const ContextSchema = Type.Object(
  {
    page: Type.Optional(PageContextSchema),
    campaign: Type.Optional(CampaignContextSchema),
    userAgent: optionalText(),
    locale: Type.Optional(Type.String({ maxLength: 64 })),
    timezone: Type.Optional(Type.String({ maxLength: 64 })),
    screen: Type.Optional(
      Type.Object({
        width: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
        height: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
        density: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
      }),
    ),
    library: Type.Optional(
      Type.Object({
        name: Type.String({ maxLength: 64 }),
        version: Type.String({ maxLength: 64 }),
      }),
    ),
    consent: Type.Optional(ConsentSchema),
  },
  // Segment clients send more context (os, device, ip, ...): accepted, not stored.
  { additionalProperties: true },
);

const common = {
  messageId: Type.Optional(id()),
  userId: Type.Optional(Type.Union([id(), Type.Null()])),
  anonymousId: Type.Optional(Type.Union([id(), Type.Null()])),
  sessionId: Type.Optional(Type.Union([id(), Type.Integer({ minimum: 0 })])),
  timestamp: Type.Optional(isoTime()),
  sentAt: Type.Optional(isoTime()),
  context: Type.Optional(ContextSchema),
};

export const TrackEventSchema = Type.Object({
  ...common,
  type: Type.Literal('track'),
  event: Type.String({ minLength: 1, maxLength: LIMITS.maxNameLength }),
  properties: Type.Optional(freeObject()),
});

export const PageEventSchema = Type.Object({
  ...common,
  type: Type.Literal('page'),
  name: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.maxNameLength }), Type.Null()])),
  category: Type.Optional(
    Type.Union([Type.String({ maxLength: LIMITS.maxNameLength }), Type.Null()]),
  ),
  properties: Type.Optional(freeObject()),
});

export const IdentifyEventSchema = Type.Object({
  ...common,
  type: Type.Literal('identify'),
  traits: Type.Optional(freeObject()),
});

export const EventSchema = Type.Union([TrackEventSchema, PageEventSchema, IdentifyEventSchema]);

/** The request body: `{ batch, sentAt, writeKey }` (the write key may come in the URL instead). */
export const BatchEnvelopeSchema = Type.Object({
  batch: Type.Array(Type.Unknown(), { maxItems: LIMITS.maxBatchEvents }),
  sentAt: Type.Optional(isoTime()),
  writeKey: Type.Optional(Type.String({ maxLength: LIMITS.maxIdLength })),
});

export type PageContext = Static<typeof PageContextSchema>;
export type CampaignContext = Static<typeof CampaignContextSchema>;
export type Consent = Static<typeof ConsentSchema>;
export type EventContext = Static<typeof ContextSchema>;
export type TrackEvent = Static<typeof TrackEventSchema>;
export type PageEvent = Static<typeof PageEventSchema>;
export type IdentifyEvent = Static<typeof IdentifyEventSchema>;
export type ClickstreamEvent = Static<typeof EventSchema>;
export type EventType = ClickstreamEvent['type'];
export type BatchEnvelope = Omit<Static<typeof BatchEnvelopeSchema>, 'batch'> & {
  batch: ClickstreamEvent[];
};

/** How a lake column is indexed for search; `undefined` = stored in the lake only. */
export type SearchType = 'keyword' | 'text' | 'date' | 'boolean' | 'integer';
declare module '@sinclair/typebox' {
  interface SchemaOptions {
    /** OpenSearch field type of a lake column. */
    search?: SearchType;
    /** A Hive partition column: part of the path, not of the Parquet file. */
    partition?: boolean;
  }
}

const col = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const str = (search?: SearchType) => col(Type.String(search ? { search } : {}));
const part = (description: string) =>
  Type.String({ partition: true, pattern: '^\\d+$', description });

/**
 * One row of the lake, as the ingest puts it on the stream and the lake stores it.
 * Flat, snake_case, JSON-serializable; column order is the Parquet / Glue order.
 */
export const LakeRowSchema = Type.Object({
  message_id: Type.String({ search: 'keyword', description: 'Dedup key.' }),
  type: Type.String({ search: 'keyword' }),
  event: str('keyword'),
  name: str('keyword'),
  user_id: Type.String({
    search: 'keyword',
    description: 'The identified userId when there is one, else the anonymousId.',
  }),
  anonymous_id: str('keyword'),
  identified_user_id: str('keyword'),
  session_id: str('keyword'),
  created_at: Type.String({
    search: 'date',
    description: 'Skew-corrected event time, ISO-8601 UTC ending in Z.',
  }),
  received_at: Type.String({ search: 'date', description: 'Server receive time, ISO-8601 UTC.' }),
  sent_at: str('date'),
  client_timestamp: str('date'),
  page_url: str('keyword'),
  page_path: str('keyword'),
  page_search: str(),
  referrer: str('keyword'),
  title: str('text'),
  utm_source: str('keyword'),
  utm_medium: str('keyword'),
  utm_campaign: str('keyword'),
  utm_term: str('keyword'),
  utm_content: str('keyword'),
  user_agent: str(),
  locale: str('keyword'),
  timezone: str('keyword'),
  screen_width: col(Type.Integer({ search: 'integer' })),
  screen_height: col(Type.Integer({ search: 'integer' })),
  library_name: str('keyword'),
  library_version: str('keyword'),
  ip: str('keyword'),
  is_bot: Type.Boolean({ search: 'boolean' }),
  consent: str('keyword'),
  message_id_generated: Type.Boolean({ description: 'The server made the messageId.' }),
  properties: Type.String({ description: 'JSON object.' }),
  traits: Type.String({ description: 'JSON object.' }),
  year: part('UTC year of received_at, 4 digits.'),
  month: part('UTC month of received_at, 2 digits.'),
  day: part('UTC day of received_at, 2 digits.'),
  hour: part('UTC hour of received_at, 2 digits.'),
});

export type LakeRow = Static<typeof LakeRowSchema>;
