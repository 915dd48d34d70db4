/** What a generated event is; `EVENT_NAMES` gives the track events' names. */
export const KIND = {
  page: 0,
  identify: 1,
  productViewed: 2,
  productAdded: 3,
  checkoutStarted: 4,
  orderCompleted: 5,
  webVitals: 6,
  /** Breaks the contract on purpose: the ingest must reject it (send mode) with a reason. */
  malformed: 7,
} as const;

export type Kind = (typeof KIND)[keyof typeof KIND];

/** The shop funnel's steps, in order, as track event names. */
export const FUNNEL_STEPS = [
  'Product Viewed',
  'Product Added',
  'Checkout Started',
  'Order Completed',
] as const;

/** The track event the Web Vitals plugin sends once per page (docs/analytics.md). */
export const WEB_VITALS_EVENT = 'Web Vitals';

/** Track event name by kind; `null` for page, identify and malformed events. */
export const EVENT_NAMES: readonly (string | null)[] = [
  null,
  null,
  ...FUNNEL_STEPS,
  WEB_VITALS_EVENT,
  null,
];

/**
 * One synthetic event, compact: numbers index the catalog (catalog.ts), ids are derived from
 * numbers (ids.ts). The direct-to-lake writer hands these numbers to DuckDB, which builds the
 * strings; the send mode turns them into wire events (to-wire-event.ts).
 */
export interface GeneratedEvent {
  /** Numbers the message id; a duplicate repeats its original's. */
  readonly seq: number;
  readonly kind: Kind;
  /** Index of the visitor (browser): their anonymous id, agent, locale and screen. */
  readonly user: number;
  /** The visitor had identified when this happened: the event carries their `userId`. */
  readonly identified: boolean;
  /** Session start, epoch ms: the session id. */
  readonly session: number;
  /** When it happened, epoch ms (`timestamp`, and `created_at` after ingest). */
  readonly time: number;
  /** From `time` to the request's `sentAt`, ms: the SDK's batching delay (and a retry's). */
  readonly flushMs: number;
  /** From `sentAt` to the server receiving it, ms. */
  readonly latencyMs: number;
  /** Index into `PAGES`. */
  readonly page: number;
  /** Index into `REFERRERS`, or past them into `PAGES` (internal navigation); -1: none. */
  readonly referrer: number;
  /** Index into `CAMPAIGNS` (UTM parameters in the landing URL); -1: none. */
  readonly campaign: number;
  readonly agent: number;
  readonly locale: number;
  readonly screen: number;
  /** JSON of `properties` (track) or `traits` (identify); `null`: `{}`. */
  readonly properties: string | null;
  /** A resend of an earlier event with the same message id (an SDK retry). */
  readonly duplicate: boolean;
}
