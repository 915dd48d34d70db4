import type { EventContext } from '@clickstream/contract';
import { campaign } from './campaign';
import { cleanUrl } from './cleanUrl';
import { VERSION } from './version';

let href: string | undefined;
let base: EventContext;

/**
 * The context every event carries: page (scrubbed URL, path, search, title, referrer),
 * campaign, locale, time zone, screen and library. Everything but the title is recomputed only
 * when the URL changes, which keeps `track()` cheap.
 *
 * @returns a fresh context object (the caller adds `consent`)
 */
export const pageContext = (): EventContext => {
  if (location.href !== href) {
    href = location.href;
    // location.href always parses, so cleanUrl never gives '' here.
    const url = new URL(cleanUrl(href));
    base = {
      page: {
        url: url.href,
        path: url.pathname,
        search: url.search,
        referrer: cleanUrl(document.referrer),
      },
      campaign: campaign(url.searchParams),
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      screen: { width: screen.width, height: screen.height },
      library: { name: 'clickstream', version: VERSION },
    };
  }
  return { ...base, page: { ...base.page, title: document.title } };
};
