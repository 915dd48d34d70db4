import type { ClickstreamEvent, Consent } from '@clickstream/contract';

/** The consent state at `init`, or the categories themselves. */
export type ConsentInit = 'granted' | 'denied' | 'pending' | Consent;

/** Free-form event properties or user traits: a JSON object. */
export type Properties = Record<string, unknown>;

/** Why events were dropped, as the `dropped` hook reports it. */
export type DropReason =
  /** The queue passed `maxQueue`; the oldest event went. */
  | 'overflow'
  /** Consent was denied: the buffer was discarded (reported on every denial, even if empty). */
  | 'consent'
  /** The collector refused the batch for good (4xx other than 408/413/429), e.g. `HTTP 401`. */
  | `HTTP ${number}`;

/** Observable hooks for debug panels and tests, subscribed with `on()`. */
export interface Hooks {
  /** An event was accepted and queued. */
  queued: (event: ClickstreamEvent) => void;
  /** A batch was acknowledged by the collector (fetch) or handed to `sendBeacon`. */
  sent: (events: ClickstreamEvent[]) => void;
  /** Events were discarded, with the reason; counted in `stats().dropped`. */
  dropped: (events: ClickstreamEvent[], reason: DropReason) => void;
}

/** What `stats()` reports. */
export interface Stats {
  /** Events discarded since `init`, for any `DropReason`. */
  dropped: number;
  /** Events accepted and not yet sent. */
  queued: number;
}

/** Options of `init()`. */
export interface Options {
  /** The collector's base URL, e.g. `https://collect.example.com`. Required. */
  endpoint: string;
  /** The site's write key. Required. */
  writeKey: string;
  /**
   * Consent at start: `'granted'`, `'denied'`, `'pending'` (opt-in mode: nothing is stored or
   * sent until `consent.set()` grants `analytics`), or the categories themselves.
   * @default 'granted'
   */
  consent?: ConsentInit;
  /**
   * Honour Global Privacy Control (`navigator.globalPrivacyControl`) and Do Not Track: when
   * either is on, start as `'pending'` whatever `consent` says, so only an explicit
   * `consent.set({ analytics: true })` records anything.
   * @default true
   */
  respectPrivacySignals?: boolean;
  /**
   * Send a page view at `init` and after every single-page-app navigation (`pushState`,
   * `replaceState`, `popstate`, `hashchange`) that changes the URL.
   * @default false
   */
  autoPage?: boolean;
  /**
   * Send when this many events are queued.
   * @default 20
   */
  flushAt?: number;
  /**
   * Send at most this many ms after the first event was queued.
   * @default 2000
   */
  flushInterval?: number;
  /**
   * Most events kept unsent (memory and storage); past it the oldest is dropped and counted.
   * @default 1000
   */
  maxQueue?: number;
}
