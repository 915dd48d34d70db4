import type { ClickstreamEvent } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import { realisticEvent } from './fixtures/realistic-batch';
import { REDACTED, type ScrubCounter } from './pii';
import { scrubEvent } from './scrub-event';

const counter = (): ScrubCounter => ({ redactions: 0, memo: new Map() });

describe('scrubEvent', () => {
  it('returns a clean event itself: nothing is copied for events without personal data', () => {
    for (let n = 0; n < 4; n++) {
      const event = realisticEvent(n);
      const c = counter();
      expect(scrubEvent(event, c)).toBe(event);
      expect(c.redactions).toBe(0);
    }
  });

  it('copies only the parts it scrubs and leaves the input untouched', () => {
    const event = realisticEvent(1) as Extract<ClickstreamEvent, { type: 'track' }>;
    const dirty = {
      ...event,
      userId: 'jane@example.com',
      context: {
        ...event.context,
        page: { ...event.context?.page, title: 'Order for jane@example.com' },
      },
    };
    const before = JSON.stringify(dirty);
    const c = counter();
    const out = scrubEvent(dirty, c) as typeof dirty;
    expect(JSON.stringify(dirty)).toBe(before);
    expect(out.userId).toBe(REDACTED);
    expect(out.context.page.title).toBe(`Order for ${REDACTED}`);
    expect(out.context.page.url).toBe(dirty.context.page.url);
    // Unchanged parts are shared, not copied.
    expect(out.properties).toBe(dirty.properties);
    expect(out.context.campaign).toBe(dirty.context.campaign);
    expect(c.redactions).toBe(2);
  });

  it('scrubs the page URL fields a Segment page call repeats in its properties', () => {
    const page: ClickstreamEvent = {
      type: 'page',
      anonymousId: 'a1',
      properties: { url: 'https://shop.example.com/?token=abc123', path: '/' },
    };
    const out = scrubEvent(page, counter()) as typeof page;
    expect(out.properties).toEqual({
      url: `https://shop.example.com/?token=${REDACTED}`,
      path: '/',
    });
  });
});
