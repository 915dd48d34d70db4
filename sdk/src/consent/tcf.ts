import type { ConsentTarget } from './googleConsentMode';

/** The parts of a TCF v2 `TCData` the adapter reads. */
interface TcData {
  eventStatus?: string;
  gdprApplies?: boolean;
  listenerId?: number;
  purpose?: { consents?: Record<number, boolean> };
  vendor?: { consents?: Record<number, boolean> };
}

type TcfApi = (
  command: string,
  version: number,
  callback: (data: TcData | null, success: boolean) => void,
  parameter?: unknown,
) => void;

/** Options of `tcf()`. */
export interface TcfOptions {
  /**
   * TCF purposes that must all be consented for `analytics`: 1 store/access information on a
   * device, 8 measure content performance.
   * @default [1, 8]
   */
  analytics?: number[];
  /**
   * TCF purposes that must all be consented for `marketing`: 1, 3 create a personalised ads
   * profile, 4 use it to select ads.
   * @default [1, 3, 4]
   */
  marketing?: number[];
  /**
   * Your IAB Global Vendor List id, when you have one: its vendor consent is then required too.
   * @default undefined
   */
  vendorId?: number;
}

/**
 * Follows IAB TCF v2 consent from the page's CMP (`__tcfapi`): when the TC string is loaded or
 * the visitor acts, sets `analytics` and `marketing` from the consented purposes. Where GDPR
 * does not apply (`gdprApplies: false`) both are granted. Start the SDK with
 * `consent: 'pending'` when you use this adapter.
 *
 * @param target - the client's `consent` (or anything with `set`)
 * @param options - purpose mapping and vendor id
 * @param w - the window that has `__tcfapi`
 * @returns a function that stops following; a no-op when the page has no CMP
 * @see https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework/blob/master/TCFv2/IAB%20Tech%20Lab%20-%20CMP%20API%20v2.md
 * @example tcf(clickstream.consent, { vendorId: 1234 })
 */
export const tcf = (
  target: ConsentTarget,
  { analytics = [1, 8], marketing = [1, 3, 4], vendorId }: TcfOptions = {},
  w: Window & { __tcfapi?: TcfApi } = window,
): (() => void) => {
  const api = w.__tcfapi;
  if (typeof api !== 'function') return () => {};
  let listenerId: number | undefined;
  api('addEventListener', 2, (data, success) => {
    if (!success || !data) return;
    listenerId = data.listenerId;
    // `cmpuishown` means the visitor is still deciding: stay pending.
    if (data.eventStatus !== 'tcloaded' && data.eventStatus !== 'useractioncomplete') return;
    const vendor = vendorId === undefined || !!data.vendor?.consents?.[vendorId];
    const all = (purposes: number[]) =>
      data.gdprApplies === false ||
      (vendor && purposes.every((p) => data.purpose?.consents?.[p] === true));
    target.set({ analytics: all(analytics), marketing: all(marketing) });
  });
  return () => api('removeEventListener', 2, () => {}, listenerId);
};
