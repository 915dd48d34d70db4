import { type Metric, onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { Client } from '../createClient';

/** The track event the dashboard and `backend/analytics/web-vitals.sql` read. */
export const WEB_VITALS_EVENT = 'Web Vitals';

/**
 * Reports the page's Core Web Vitals with Google's `web-vitals` library: one `Web Vitals`
 * track event per page view, sent when the page is first hidden, with `LCP`, `INP`, `FCP`,
 * `TTFB` (ms, rounded) and `CLS` (4 decimals) as properties — those the browser measured by
 * then (INP only after an interaction). Tracked while hidden, the event goes out at once
 * through the SDK's beacon path. A page restored from the back/forward cache is a new page view.
 *
 * Listens on `window` for hiding: web-vitals' own listeners sit on `document`, so they report
 * the final LCP, CLS and INP before this one runs (toolchain.md: CLS arrived only on
 * `visibilitychange`).
 *
 * @param client - the SDK (`import * as clickstream from '@clickstream/sdk'`, or `window.clickstream`)
 * @see https://github.com/GoogleChrome/web-vitals#basic-usage
 * @example import * as clickstream from '@clickstream/sdk'; webVitals(clickstream);
 */
export const webVitals = (client: Pick<Client, 'track'>): void => {
  let metrics: Record<string, number> = {};
  let sent = false;
  const record = (metric: Metric) => {
    metrics[metric.name] =
      metric.name === 'CLS' ? Math.round(metric.value * 1e4) / 1e4 : Math.round(metric.value);
  };
  for (const on of [onLCP, onINP, onCLS, onFCP, onTTFB]) on(record);
  const report = () => {
    if (sent || Object.keys(metrics).length === 0 || document.visibilityState !== 'hidden') return;
    sent = true;
    client.track(WEB_VITALS_EVENT, metrics);
  };
  // web-vitals reports the final CLS on `visibilitychange` (its listener on `document` runs
  // before this one on `window`). Chromium fires `pagehide` before that event when leaving a
  // page, so `pagehide` reports only once the page is already hidden: Safari's close, which
  // may skip `visibilitychange` (treosh/web-vitals-reporter #3).
  addEventListener('visibilitychange', report);
  addEventListener('pagehide', report);
  addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    metrics = {};
    sent = false;
  });
};
