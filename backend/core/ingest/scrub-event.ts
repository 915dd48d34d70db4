import type {
  CampaignContext,
  ClickstreamEvent,
  EventContext,
  PageContext,
} from '@clickstream/contract';
import { type ScrubCounter, scrubJson, scrubText, scrubUrl } from './pii';

/**
 * Removes personal data from every field of a validated event that reaches the lake:
 * names, ids, properties/traits (sensitive keys wholesale, PII patterns inside strings),
 * page URL/path/search/referrer (sensitive parameters too), title and UTM values.
 *
 * Copy-on-write, like `scrubJson`: the input is never modified, and what needed no change comes
 * back as the same object (a clean event is the event itself), so a batch of clean events
 * allocates nothing here. Context fields without a lake column (`ip`, `os`, ...) are not
 * scrubbed: `toLakeRow` copies only the columns it names, so they never reach the stream.
 */
export function scrubEvent(event: ClickstreamEvent, counter: ScrubCounter): ClickstreamEvent {
  // The copy, made at the first change only (no closure per event: this runs for every event).
  let out: Record<string, unknown> | undefined;
  if (event.type === 'track') {
    const name = scrubText(event.event, counter);
    if (name !== event.event) {
      out = copyOf(out, event);
      out.event = name;
    }
  }
  if (event.type === 'page' && typeof event.name === 'string') {
    const name = scrubText(event.name, counter);
    if (name !== event.name) {
      out = copyOf(out, event);
      out.name = name;
    }
  }
  for (const key of ID_KEYS) {
    const id = event[key];
    if (typeof id !== 'string') continue;
    const clean = scrubText(id, counter);
    if (clean !== id) {
      out = copyOf(out, event);
      out[key] = clean;
    }
  }
  if ('properties' in event && event.properties) {
    const scrubbed = scrubJson(event.properties, counter);
    const clean = event.type === 'page' ? scrubPageUrls(scrubbed, counter) : scrubbed;
    if (clean !== event.properties) {
      out = copyOf(out, event);
      out.properties = clean;
    }
  }
  if ('traits' in event && event.traits) {
    const clean = scrubJson(event.traits, counter);
    if (clean !== event.traits) {
      out = copyOf(out, event);
      out.traits = clean;
    }
  }
  if (event.context) {
    const clean = scrubContext(event.context, counter);
    if (clean !== event.context) {
      out = copyOf(out, event);
      out.context = clean;
    }
  }
  return (out ?? event) as ClickstreamEvent;
}

const ID_KEYS = ['userId', 'anonymousId', 'sessionId'] as const;

const copyOf = (out: Record<string, unknown> | undefined, event: ClickstreamEvent) =>
  out ?? { ...event };

function scrubContext(context: EventContext, counter: ScrubCounter): EventContext {
  const page = context.page && scrubPage(context.page, counter);
  const campaign = context.campaign && scrubCampaign(context.campaign, counter);
  if (page === context.page && campaign === context.campaign) return context;
  return { ...context, page, campaign };
}

function scrubPage(page: PageContext, counter: ScrubCounter): PageContext {
  const url = optional(scrubUrl, page.url, counter);
  const path = optional(scrubUrl, page.path, counter);
  const search = optional(scrubUrl, page.search, counter);
  const title = optional(scrubText, page.title, counter);
  const referrer = optional(scrubUrl, page.referrer, counter);
  if (
    url === page.url &&
    path === page.path &&
    search === page.search &&
    title === page.title &&
    referrer === page.referrer
  ) {
    return page;
  }
  return { url, path, search, title, referrer };
}

function scrubCampaign(campaign: CampaignContext, counter: ScrubCounter): CampaignContext {
  const source = optional(scrubText, campaign.source, counter);
  const medium = optional(scrubText, campaign.medium, counter);
  const name = optional(scrubText, campaign.name, counter);
  const term = optional(scrubText, campaign.term, counter);
  const content = optional(scrubText, campaign.content, counter);
  if (
    source === campaign.source &&
    medium === campaign.medium &&
    name === campaign.name &&
    term === campaign.term &&
    content === campaign.content
  ) {
    return campaign;
  }
  return { source, medium, name, term, content };
}

/** Applies a scrubber to an optional string (a module-level helper: no closure per event). */
function optional(
  scrub: (value: string, counter: ScrubCounter) => string,
  value: string | undefined,
  counter: ScrubCounter,
): string | undefined {
  return value === undefined ? undefined : scrub(value, counter);
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
