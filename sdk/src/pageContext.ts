import type { Consent, EventContext } from '@clickstream/contract';
import { campaign } from './campaign';
import { cleanUrl } from './cleanUrl';
import { VERSION } from './version';

let url: string | undefined;
let title: string;
let stamped: Consent | undefined;
let text: string;

/**
 * The context every event carries: page (scrubbed URL, path, search, title, referrer),
 * campaign, locale, time zone, screen, library and the consent categories. Made only when the
 * URL, the title or the consent changes, so a `track()` call pays two reads (`document.URL`,
 * not `location.href`, which is ~10× slower in Chromium; issue 3) and no serializing. Consent
 * is compared by identity: `consent.set()` always makes a new object and never mutates one.
 * Stamping it here, not per event, is also smaller in the core (issue 3).
 *
 * @param consent - the categories granted now; `undefined` while pending (then left out)
 * @returns the context's JSON text
 */
export const pageContext = (consent: Consent | undefined): string => {
  if (document.URL !== url || document.title !== title || consent !== stamped) {
    ({ URL: url, title } = document);
    stamped = consent;
    // document.URL always parses, so cleanUrl never gives '' here.
    const page = new URL(cleanUrl(url));
    text = JSON.stringify({
      page: {
        url: page.href,
        path: page.pathname,
        search: page.search,
        title,
        referrer: cleanUrl(document.referrer),
      },
      campaign: campaign(page.searchParams),
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      screen: { width: screen.width, height: screen.height },
      library: { name: 'clickstream', version: VERSION },
      consent,
    } satisfies EventContext);
  }
  return text;
};
