import { type Metric, onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { Client } from '../createClient';
import { onHidden } from '../onHidden';

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
 * `visibilitychange`, hence both events).
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
  onHidden(() => {
    if (sent || Object.keys(metrics).length === 0) return;
    sent = true;
    client.track(WEB_VITALS_EVENT, metrics);
  });
  addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    metrics = {};
    sent = false;
  });
};
