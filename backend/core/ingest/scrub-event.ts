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
  const page = context.page && scrubFields(context.page, PAGE_FIELDS, counter);
  const campaign = context.campaign && scrubFields(context.campaign, CAMPAIGN_FIELDS, counter);
  if (page === context.page && campaign === context.campaign) return context;
  return { ...context, page, campaign };
}

type Scrubber = (value: string, counter: ScrubCounter) => string;

const PAGE_FIELDS: Readonly<Record<keyof PageContext, Scrubber>> = {
  url: scrubUrl,
  path: scrubUrl,
  search: scrubUrl,
  title: scrubText,
  referrer: scrubUrl,
};

const CAMPAIGN_FIELDS: Readonly<Record<keyof CampaignContext, Scrubber>> = {
  source: scrubText,
  medium: scrubText,
  name: scrubText,
  term: scrubText,
  content: scrubText,
};

/** Scrubs the named string fields, copy-on-write: the same object when none changed. */
function scrubFields<T extends object>(
  value: T,
  fields: Readonly<Record<keyof T, Scrubber>>,
  counter: ScrubCounter,
): T {
  let out: T | undefined;
  for (const key in fields) {
    const field = value[key];
    if (typeof field !== 'string') continue;
    const clean = fields[key](field, counter);
    if (clean === field) continue;
    out ??= { ...value };
    out[key] = clean as T[typeof key];
  }
  return out ?? value;
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
