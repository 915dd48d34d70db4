import type { ClickstreamEvent, EventContext } from '@clickstream/contract';
import { AGENTS, CAMPAIGNS, LIBRARY, LOCALES, PAGES, SCREENS, SHOP_ORIGIN } from './catalog';
import { EVENT_NAMES, type GeneratedEvent, KIND } from './generated-event';
import { anonymousIdOf, messageIdOf, sessionIdOf, userIdOf } from './ids';
import { campaignSearch, REFERRER_URLS } from './lake-row-sql';

/**
 * The event as the SDK would post it: what the send mode puts in a batch. Malformed events
 * come out broken in one of three ways the ingest must reject, each with its own reason.
 *
 * @param seed - the traffic's seed (part of every id)
 * @param e - the generated event
 * @returns a contract event, or for `KIND.malformed` a JSON value that breaks the contract
 */
export function toWireEvent(seed: number, e: GeneratedEvent): ClickstreamEvent | object {
  const page = PAGES[e.page];
  const campaign = e.campaign >= 0 ? CAMPAIGNS[e.campaign] : undefined;
  const search = campaign ? campaignSearch(campaign) : '';
  const locale = LOCALES[e.locale];
  const screen = SCREENS[e.screen];
  const referrer = e.referrer >= 0 ? REFERRER_URLS[e.referrer] : undefined;
  const context: EventContext = {
    page: {
      url: `${SHOP_ORIGIN}${page?.path}${search}`,
      path: page?.path,
      search,
      title: page?.title,
      ...(referrer ? { referrer } : {}),
    },
    ...(campaign
      ? { campaign: { source: campaign.source, medium: campaign.medium, name: campaign.name } }
      : {}),
    userAgent: AGENTS[e.agent]?.userAgent,
    locale: locale?.locale,
    timezone: locale?.timezone,
    screen: { width: screen?.[0], height: screen?.[1] },
    library: { ...LIBRARY },
    consent: { analytics: true },
  };
  const common = {
    messageId: messageIdOf(seed, e.seq),
    anonymousId: anonymousIdOf(seed, e.user),
    ...(e.identified ? { userId: userIdOf(seed, e.user) } : {}),
    sessionId: sessionIdOf(e.session),
    timestamp: new Date(e.time).toISOString(),
    context,
  };
  const data = e.properties === null ? {} : (JSON.parse(e.properties) as Record<string, unknown>);
  switch (e.kind) {
    case KIND.page:
      return { ...common, type: 'page' };
    case KIND.identify:
      return { ...common, type: 'identify', traits: data };
    case KIND.malformed:
      return malformed(common, e.seq % 3);
    default:
      return { ...common, type: 'track', event: EVENT_NAMES[e.kind] as string, properties: data };
  }
}

function malformed(common: Record<string, unknown>, how: number): object {
  if (how === 0) return { ...common, type: 'track', event: '' };
  if (how === 1) {
    const { anonymousId: _a, userId: _u, ...rest } = common;
    return { ...rest, type: 'page' };
  }
  return { ...common, type: 'track', event: 'Product Viewed', timestamp: 'yesterday' };
}
