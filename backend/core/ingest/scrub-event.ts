import type { ClickstreamEvent, EventContext } from '@clickstream/contract';
import { type ScrubCounter, scrubJson, scrubText, scrubUrl } from './pii';

/**
 * Removes personal data from every field of a validated event that reaches the lake:
 * names, ids, properties/traits (sensitive keys wholesale, PII patterns inside strings),
 * page URL/path/search/referrer (sensitive parameters too), title and UTM values.
 * Context fields the lake does not store are dropped here, so they cannot leak later.
 * Returns a new event; the input is not modified.
 */
export function scrubEvent(event: ClickstreamEvent, counter: ScrubCounter): ClickstreamEvent {
  const out: Record<string, unknown> = { ...event };
  if (event.type === 'track') out.event = scrubText(event.event, counter);
  if (event.type === 'page' && typeof event.name === 'string') {
    out.name = scrubText(event.name, counter);
  }
  if (typeof event.userId === 'string') out.userId = scrubText(event.userId, counter);
  if (typeof event.anonymousId === 'string') {
    out.anonymousId = scrubText(event.anonymousId, counter);
  }
  if (typeof event.sessionId === 'string') out.sessionId = scrubText(event.sessionId, counter);
  if ('properties' in event && event.properties) {
    const properties = scrubJson(event.properties, counter);
    out.properties = event.type === 'page' ? scrubPageUrls(properties, counter) : properties;
  }
  if ('traits' in event && event.traits) out.traits = scrubJson(event.traits, counter);
  if (event.context) out.context = scrubContext(event.context, counter);
  return out as ClickstreamEvent;
}

/** Applies a scrubber to an optional string (a module-level helper: no closure per event). */
function optional(
  scrub: (value: string, counter: ScrubCounter) => string,
  value: string | undefined,
  counter: ScrubCounter,
): string | undefined {
  return value === undefined ? undefined : scrub(value, counter);
}

function scrubContext(context: EventContext, counter: ScrubCounter): EventContext {
  const { page, campaign } = context;
  return {
    page: page && {
      url: optional(scrubUrl, page.url, counter),
      path: optional(scrubUrl, page.path, counter),
      search: optional(scrubUrl, page.search, counter),
      title: optional(scrubText, page.title, counter),
      referrer: optional(scrubUrl, page.referrer, counter),
    },
    campaign: campaign && {
      source: optional(scrubText, campaign.source, counter),
      medium: optional(scrubText, campaign.medium, counter),
      name: optional(scrubText, campaign.name, counter),
      term: optional(scrubText, campaign.term, counter),
      content: optional(scrubText, campaign.content, counter),
    },
    userAgent: context.userAgent,
    locale: context.locale,
    timezone: context.timezone,
    screen: context.screen,
    library: context.library,
    consent: context.consent,
  };
}

/** Segment's analytics.js repeats the page URL fields in a page call's properties. */
const PAGE_URL_KEYS = ['url', 'path', 'search', 'referrer'] as const;

function scrubPageUrls(
  properties: Record<string, unknown>,
  counter: ScrubCounter,
): Record<string, unknown> {
  let out = properties;
  for (const key of PAGE_URL_KEYS) {
    const value = properties[key];
    if (typeof value !== 'string') continue;
    const clean = scrubUrl(value, counter);
    if (clean !== value) {
      if (out === properties) out = { ...properties };
      out[key] = clean;
    }
  }
  return out;
}
