import type { EventContext } from '@clickstream/contract';
import { campaign } from './campaign';
import { cleanUrl } from './cleanUrl';
import { VERSION } from './version';

let url: string | undefined;
let title: string;
let text: string;

/**
 * The context every event carries but `consent`: page (scrubbed URL, path, search, title,
 * referrer), campaign, locale, time zone, screen and library. Made only when the URL or the
 * title changes, so a `track()` call pays two reads (`document.URL`, not `location.href`,
 * which is ~10× slower in Chromium; issue 3).
 *
 * @returns the context's JSON text without its closing brace: the caller appends `consent`
 */
export const pageContext = (): string => {
  if (document.URL !== url || document.title !== title) {
    ({ URL: url, title } = document);
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
    } satisfies EventContext).slice(0, -1);
  }
  return text;
};
