import type { Consent } from '@clickstream/contract';
import { expect, test } from 'vitest';
import { googleConsentMode } from './googleConsentMode';

type Gcm = Window & { dataLayer?: unknown[] };

/** What gtag.js does: push its `arguments` object. */
const gtag = (w: Gcm, ...args: unknown[]) => {
  (function (..._: unknown[]) {
    // biome-ignore lint/complexity/noArguments: gtag pushes the arguments object itself.
    (w.dataLayer as unknown[]).push(arguments);
  })(...args);
};

const setup = (dataLayer?: unknown[]) => {
  const w = { dataLayer } as unknown as Gcm;
  const calls: Consent[] = [];
  const stop = googleConsentMode({ set: (c) => calls.push(c) }, w);
  return { w, calls, stop };
};

test('applies consent commands already in the dataLayer, then later updates', () => {
  const w = { dataLayer: [] } as unknown as Gcm;
  gtag(w, 'consent', 'default', { analytics_storage: 'granted', ad_storage: 'denied' });
  const calls: Consent[] = [];
  googleConsentMode({ set: (c) => calls.push(c) }, w);
  gtag(w, 'consent', 'update', { ad_storage: 'granted' });
  expect(calls).toEqual([{ analytics: true }, { marketing: true }]);
});

test('maps an update to denied, but leaves a default of denied pending', () => {
  const { w, calls } = setup();
  gtag(w, 'consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied' });
  expect(calls).toEqual([]);
  gtag(w, 'consent', 'update', { analytics_storage: 'denied' });
  expect(calls).toEqual([{ analytics: false }]);
});

test('ignores everything that is not a consent command, and keeps the dataLayer working', () => {
  const { w, calls, stop } = setup([]);
  const length = w.dataLayer?.push({ event: 'page_view' }, ['config', 'G-1']);
  gtag(w, 'consent', 'update', { functionality_storage: 'granted' });
  expect(calls).toEqual([]);
  expect(length).toBe(2);
  stop();
  gtag(w, 'consent', 'update', { analytics_storage: 'granted' });
  expect(calls).toEqual([]);
  expect(w.dataLayer).toHaveLength(4);
});
