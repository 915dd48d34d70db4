import type { Consent } from '@clickstream/contract';

/** What the adapters need from a client: `clickstream.consent`, or the snippet stub's. */
export interface ConsentTarget {
  set(consent: Consent): void;
}

type GcmState = Partial<Record<'analytics_storage' | 'ad_storage', 'granted' | 'denied'>>;
type DataLayer = unknown[] & { push: (...items: unknown[]) => number };

/**
 * Follows Google Consent Mode v2: every `gtag('consent', 'default' | 'update', {...})` sets
 * `analytics` from `analytics_storage` and `marketing` from `ad_storage`. A `default` of
 * `denied` is not applied: on real sites it only means "not decided yet" and is followed at
 * once by the CMP's `update`, and applying it would erase the visitor's ids on every page
 * load. Start the SDK with `consent: 'pending'` when you use this adapter.
 *
 * @param target - the client's `consent` (or anything with `set`)
 * @param w - the window whose `dataLayer` gtag writes to
 * @returns a function that stops following
 * @see https://developers.google.com/tag-platform/security/guides/consent
 * @example googleConsentMode(clickstream.consent)
 */
export const googleConsentMode = (
  target: ConsentTarget,
  w: Window & { dataLayer?: DataLayer } = window,
): (() => void) => {
  w.dataLayer ??= [] as unknown as DataLayer;
  const dataLayer = w.dataLayer;
  const apply = (item: unknown) => {
    // gtag() pushes its `arguments` object, ['consent', 'default' | 'update', state]; GTM pushes
    // plain objects. Index access, not destructuring: neither has to be iterable.
    const args = item as ArrayLike<unknown> | null | undefined;
    const kind = args?.[1];
    const state = args?.[2] as GcmState | undefined;
    if (args?.[0] !== 'consent' || !state) return;
    const consent: Consent = {};
    for (const [key, category] of [
      ['analytics_storage', 'analytics'],
      ['ad_storage', 'marketing'],
    ] as const) {
      const value = state[key];
      if (value === 'granted' || (value === 'denied' && kind === 'update')) {
        consent[category] = value === 'granted';
      }
    }
    if (Object.keys(consent).length) target.set(consent);
  };
  for (const item of [...dataLayer]) apply(item);
  const push = dataLayer.push;
  dataLayer.push = function (this: DataLayer, ...items: unknown[]) {
    for (const item of items) apply(item);
    return push.apply(this, items);
  };
  return () => {
    dataLayer.push = push;
  };
};
