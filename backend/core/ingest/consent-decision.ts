import type { Consent } from '@clickstream/contract';

/** What the server needs to know to enforce consent again (principle 6). */
export interface ConsentPolicy {
  /** Store events that carry no consent record at all (e.g. Segment's analytics.js). */
  readonly acceptWithoutConsent: boolean;
  /** The request carried `Sec-GPC: 1` and the site honours Global Privacy Control. */
  readonly globalPrivacyControl: boolean;
}

/**
 * Whether an event may be stored: its recorded consent must grant `analytics`. Under Global
 * Privacy Control only an explicit grant counts, since the browser said "do not sell/share"
 * and only a later opt-in by the visitor overrides it.
 *
 * @see https://privacycg.github.io/gpc-spec/
 */
export function mayStore(consent: Consent | undefined, policy: ConsentPolicy): boolean {
  if (consent === undefined) {
    return policy.acceptWithoutConsent && !policy.globalPrivacyControl;
  }
  return consent.analytics === true;
}
