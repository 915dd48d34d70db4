import type { Consent } from '@clickstream/contract';
import type { ConsentTarget } from './googleConsentMode';

/**
 * `window.clickstream.consent`, looked up at each call: the snippet stub is replaced by the real
 * client when the script loads, and a target captured earlier would queue into the stub's
 * already-drained `q`.
 */
export const globalTarget: ConsentTarget = {
  set: (consent: Consent) =>
    (window as Window & { clickstream?: { consent: ConsentTarget } }).clickstream?.consent.set(
      consent,
    ),
};
