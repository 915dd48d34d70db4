import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { googleConsentMode } from './consent/googleConsentMode';
import { createClient } from './createClient';
import type { Options } from './options';
import { fakeLocks } from './testing/fakeLocks';
import { fakeNetwork } from './testing/fakeNetwork';
import { MemoryStorage } from './testing/memoryStorage';

const endpoint = 'https://collect.example/';
let net: ReturnType<typeof fakeNetwork>;
let n = 0;

beforeEach(() => {
  vi.useFakeTimers();
  // Compression goes through zlib's thread pool, which fake timers cannot step through; it has
  // its own test below with real timers.
  vi.stubGlobal('CompressionStream', undefined);
  MemoryStorage.full = false;
  MemoryStorage.disabled = false;
  MemoryStorage.writes = [];
  vi.stubGlobal('localStorage', new MemoryStorage());
  net = fakeNetwork();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Lets timers and promise chains run for `ms` of fake time. */
const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

/** A client with a write key of its own: clients of earlier tests still listen to events. */
const start = (options: Partial<Options> = {}, writeKey = `key-${++n}`) => {
  const client = createClient();
  client.init({ endpoint, writeKey, ...options });
  return {
    client,
    writeKey,
    batches: () => net.batches(writeKey),
    delivered: () => net.delivered(writeKey),
    stored: () => Object.keys(localStorage).filter((k) => k.startsWith(`cs1:${writeKey}:`)),
  };
};

const hide = (type: 'pagehide' | 'visibilitychange' = 'pagehide') => {
  if (type === 'visibilitychange') {
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  } else window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
};

describe('init', () => {
  test('throws a clear error without endpoint or writeKey, and on a second call', () => {
    expect(() => createClient().init({ endpoint: '', writeKey: 'k' })).toThrow(
      /endpoint and writeKey/,
    );
    expect(() => createClient().init({ endpoint, writeKey: '' })).toThrow(/endpoint and writeKey/);
    const { client } = start();
    expect(() => client.init({ endpoint, writeKey: 'k' })).toThrow(/twice/);
  });
});

describe('batching', () => {
  test('sends one batch as soon as flushAt events are queued', async () => {
    const { client, batches } = start({ flushAt: 3 });
    client.track('a');
    client.track('b');
    await tick();
    expect(batches()).toHaveLength(0);
    client.track('c');
    await tick();
    expect(batches().map((b) => b.map((e) => e.type === 'track' && e.event))).toEqual([
      ['a', 'b', 'c'],
    ]);
  });

  test('sends flushInterval ms after the first queued event', async () => {
    const { client, batches } = start({ flushInterval: 2000 });
    client.track('a');
    await tick(1000);
    client.track('b');
    await tick(999);
    expect(batches()).toHaveLength(0);
    await tick(1);
    expect(batches()).toHaveLength(1);
    expect(batches()[0]).toHaveLength(2);
  });

  test('sends early when the queued events would pass the 64 KB beacon limit', async () => {
    const { client, batches } = start();
    client.track('big', { blob: 'x'.repeat(35_000) });
    await tick();
    expect(batches()).toHaveLength(0);
    client.track('big', { blob: 'x'.repeat(35_000) });
    await tick();
    expect(batches()).toHaveLength(1);
  });

  test('flush() sends everything now and resolves once it is delivered', async () => {
    const { client, delivered } = start();
    client.track('a');
    client.page();
    await client.flush();
    expect(delivered()).toHaveLength(2);
  });

  test('posts the wire envelope with the write key in the URL, sentAt, and complete events', async () => {
    history.replaceState(null, '', '/shop?utm_source=news&utm_campaign=winter&email=a@b.c');
    document.title = 'Shop';
    const { client, writeKey } = start();
    client.track('Order Completed', { total: 42 });
    await client.flush();
    const [request] = net.of(writeKey);
    expect(request?.url.href).toBe(`https://collect.example/v1/batch?writeKey=${writeKey}`);
    expect(request?.init).toMatchObject({ method: 'POST', credentials: 'omit', keepalive: true });
    // The write key travels once, in the URL, where the collector reads it.
    expect(Object.keys(request?.body ?? {})).toEqual(['batch', 'sentAt']);
    expect(Date.parse(request?.body.sentAt ?? '')).toBe(Date.now());
    const event = request?.body.batch[0];
    expect(event).toMatchObject({
      type: 'track',
      event: 'Order Completed',
      properties: { total: 42 },
      userId: null,
      timestamp: new Date().toISOString(),
      context: {
        page: {
          url: 'http://localhost:3000/shop?utm_source=news&utm_campaign=winter',
          path: '/shop',
          search: '?utm_source=news&utm_campaign=winter',
          title: 'Shop',
        },
        campaign: { source: 'news', name: 'winter' },
        library: { name: 'clickstream', version: '0.1.0' },
        consent: { analytics: true },
      },
    });
    expect(event?.messageId).toMatch(/^[0-9a-f-]{36}-1$/);
    expect(event?.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof event?.context?.timezone).toBe('string');
    expect(JSON.stringify(request?.body)).not.toContain('a@b.c');
  });

  test('gives each event its own messageId, whose random part is new after reset()', async () => {
    const { client, batches } = start();
    client.track('a');
    client.track('b');
    client.reset();
    client.track('c');
    await client.flush();
    const ids = batches()
      .flat()
      .map((e) => e.messageId ?? '');
    expect(new Set(ids).size).toBe(3);
    const [a, b, c] = ids.map((id) => id.slice(0, id.lastIndexOf('-')));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  test('snapshots properties when called, so later changes by the caller are not sent', async () => {
    const { client, batches } = start();
    const props = { items: ['a'] };
    client.track('Cart', props);
    props.items.push('b');
    await client.flush();
    expect(batches()[0]?.[0]).toMatchObject({ properties: { items: ['a'] } });
  });
});

describe('retry', () => {
  test('retries a 503 after Retry-After seconds, with the same messageIds', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    net.answer({ status: 503, headers: { 'Retry-After': '5' } });
    const { client, batches } = start({ flushAt: 1 });
    client.track('a');
    await tick(4999);
    expect(batches()).toHaveLength(1);
    await tick(1);
    expect(batches()).toHaveLength(2);
    expect(batches()[1]?.[0]?.messageId).toBe(batches()[0]?.[0]?.messageId);
  });

  test('honours Retry-After given as an HTTP-date', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const at = new Date(Date.now() + 10_000).toUTCString();
    net.answer({ status: 429, headers: { 'Retry-After': at } });
    const { client, batches } = start({ flushAt: 1 });
    client.track('a');
    await tick(9000);
    expect(batches()).toHaveLength(1);
    await tick(1000);
    expect(batches()).toHaveLength(2);
  });

  test('retries network errors, 408 and 5xx with exponential backoff and full jitter', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.answer(new TypeError('Failed to fetch'), { status: 408 }, { status: 500 });
    const { client, batches, delivered } = start({ flushAt: 1 });
    client.track('a');
    await tick();
    // Delays: 0.5 × 1 s, 0.5 × 2 s, 0.5 × 4 s.
    for (const [wait, count] of [
      [499, 1],
      [1, 2],
      [999, 2],
      [1, 3],
      [1999, 3],
      [1, 4],
    ] as const) {
      await tick(wait);
      expect(batches()).toHaveLength(count);
    }
    expect(delivered()).toHaveLength(1);
  });

  test('aborts a request unanswered after 30 s and retries it, with the same messageIds', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    net.answer('hang');
    const { client, batches, delivered } = start({ flushAt: 1 });
    client.track('a');
    client.track('b');
    await tick(29_999);
    expect(batches()).toHaveLength(1);
    await tick(10);
    expect(batches()).toHaveLength(2);
    expect(delivered()).toEqual(batches()[0]?.map((e) => e.messageId));
    expect(delivered()).toHaveLength(2);
    expect(AbortSignal.timeout).toHaveBeenCalledWith(30_000);
  });

  test('a backoff with nothing left to retry ends: later events go at flushAt again', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.answer({ status: 503 });
    const { client, batches, delivered } = start({ flushAt: 2 });
    client.track('a');
    client.track('b');
    await tick();
    // A tab switch during the backoff: the beacon takes the failed batch.
    hide('visibilitychange');
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(false);
    await tick(1000);
    client.track('c');
    client.track('d');
    await tick();
    expect(batches().map((b) => b.map((e) => 'event' in e && e.event))).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(delivered()).toHaveLength(4);
  });

  test('sends nothing while offline and resumes on the online event', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    net.answer(new TypeError('Failed to fetch'));
    const { client, batches, delivered } = start({ flushAt: 1 });
    client.track('a');
    client.track('b');
    await tick(10 * 60_000);
    expect(batches()).toHaveLength(1);
    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await tick();
    expect(delivered()).toHaveLength(2);
  });

  test('splits a batch in halves on 413 until the collector takes it', async () => {
    net.answer({ status: 413 }, { status: 413 });
    const { client, batches, delivered } = start({ flushAt: 4 });
    for (const e of ['a', 'b', 'c', 'd']) client.track(e);
    await tick();
    expect(batches().map((b) => b.length)).toEqual([4, 2, 1, 3]);
    expect(new Set(delivered()).size).toBe(4);
  });

  test('drops a batch refused with another 4xx, with a debug warning, and never resends it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    net.answer({ status: 400 });
    const { client, batches } = start({ flushAt: 1 });
    const dropped = vi.fn();
    client.on('dropped', dropped);
    client.debug(true);
    client.track('a');
    await tick(60_000);
    expect(batches()).toHaveLength(1);
    expect(dropped).toHaveBeenCalledWith([expect.objectContaining({ event: 'a' })], 'HTTP 400');
    expect(warn).toHaveBeenCalledWith('clickstream:', 'dropped', 'HTTP 400', expect.any(Array));
    expect(client.stats()).toEqual({ dropped: 1, queued: 0 });
  });

  test('never resends events after a 200, even those the server rejected one by one', async () => {
    const { client, batches } = start({ flushAt: 1 });
    client.track('a');
    await tick(120_000);
    expect(batches()).toHaveLength(1);
  });
});

describe('hooks', () => {
  test('report each event queued, and each batch acknowledged or handed to a beacon, parsed', async () => {
    const { client } = start({ flushAt: 2 });
    const queued = vi.fn();
    const sent = vi.fn();
    client.on('queued', queued);
    const off = client.on('sent', sent);
    client.track('a', { n: 1 });
    client.track('b');
    await tick();
    expect(queued.mock.calls.map(([e]) => [e.event, e.properties])).toEqual([
      ['a', { n: 1 }],
      ['b', {}],
    ]);
    expect(
      sent.mock.calls.map(([events]) => events.map((e: { event: string }) => e.event)),
    ).toEqual([['a', 'b']]);
    client.track('c');
    hide();
    expect(sent.mock.calls[1]?.[0]).toEqual([expect.objectContaining({ event: 'c' })]);
    const still = vi.fn();
    client.on('sent', still);
    off();
    client.track('d');
    hide();
    expect(still.mock.calls[0]?.[0]).toEqual([expect.objectContaining({ event: 'd' })]);
    expect(sent).toHaveBeenCalledTimes(2);
  });
});

describe('persistence', () => {
  test('writes storage once per batch before sending it, never per track() call', async () => {
    const { client, writeKey, delivered } = start({ flushAt: 50 });
    await tick();
    MemoryStorage.writes = [];
    for (let i = 0; i < 30; i++) client.track('a');
    expect(MemoryStorage.writes).toEqual([]);
    await tick(2000);
    expect(net.batches(writeKey)).toHaveLength(1);
    expect(MemoryStorage.writes).toHaveLength(1);
    net.answer({ status: 503 });
    for (let i = 0; i < 30; i++) client.track('b');
    await tick(2000);
    expect(net.batches(writeKey)).toHaveLength(2);
    // The failed batch was stored before it went; nothing new was tracked during the request.
    expect(MemoryStorage.writes).toHaveLength(2);
    // The first retry comes within 1 s (backoff) and delivers them.
    await tick(1000);
    expect(delivered()).toHaveLength(60);
  });

  test('events unsent when the page is left arrive exactly once from the next page load', async () => {
    const first = start({ flushAt: 1 });
    await tick();
    net.answer(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    net.beaconAccepts = false;
    first.client.track('a');
    first.client.track('b');
    await tick();
    hide('pagehide');
    await tick();
    expect(first.delivered()).toEqual([]);
    expect(first.stored().some((k) => k.startsWith(`cs1:${first.writeKey}:q:`))).toBe(true);
    vi.clearAllTimers(); // the old document is gone, with its timers
    net.beaconAccepts = true;
    const second = start({}, first.writeKey);
    await tick(2000);
    expect(second.delivered()).toHaveLength(2);
    await tick(120_000);
    expect(second.delivered()).toHaveLength(2);
  });

  // The chaos e2e test (seed 5) lost events this way: pages shorter than flushInterval never
  // sent their adopted backlog by fetch, so it grew page after page until maxQueue dropped it.
  test('a backlog of flushAt or more events adopted from the last page goes at once', async () => {
    const first = start({ flushAt: 100 });
    await tick();
    net.beaconAccepts = false;
    net.answer(new TypeError('Failed to fetch'));
    for (let i = 0; i < 30; i++) first.client.track('a');
    hide('pagehide');
    vi.clearAllTimers(); // the old document is gone, with its timers
    net.beaconAccepts = true;
    const second = start({}, first.writeKey);
    await tick();
    expect(second.delivered()).toHaveLength(30);
  });

  test('events a beacon took at pagehide are not adopted again by the next page', async () => {
    const first = start({ flushAt: 4 });
    await tick();
    net.answer(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    // One segment of four ~20 KB events, stored when their batch failed.
    for (let i = 0; i < 4; i++) first.client.track('big', { blob: 'é'.repeat(10_000) });
    await tick();
    // The page's 64 KB beacon quota takes the first chunk of two events only.
    const beacon = navigator.sendBeacon.bind(navigator);
    let quota = 1;
    navigator.sendBeacon = (url, body) => quota-- > 0 && beacon(url, body);
    hide('pagehide');
    vi.clearAllTimers();
    const second = start({}, first.writeKey);
    await tick(2000);
    expect(second.batches().at(-1)).toHaveLength(2);
    const ids = second.delivered();
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  test('events still unsent when a page comes back from the back/forward cache stay stored', async () => {
    const { client, delivered, stored, writeKey } = start({ flushAt: 3 });
    await tick();
    // The batch's send, then the keepalive fetch tried when the beacon is refused.
    net.answer(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    net.beaconAccepts = false;
    for (const e of ['a', 'b', 'c']) client.track(e);
    await tick();
    // Into the back/forward cache and out (happy-dom's event has no `persisted`).
    for (const type of ['pagehide', 'pageshow']) {
      window.dispatchEvent(Object.assign(new Event(type), { persisted: true }));
    }
    await tick();
    // Killed in the background now, the next page must find all three.
    const kept = stored()
      .filter((k) => k.startsWith(`cs1:${writeKey}:q:`))
      .flatMap((k) => JSON.parse(localStorage.getItem(k) as string));
    expect(kept.map((e: { event: string }) => e.event).sort()).toEqual(['a', 'b', 'c']);
    net.beaconAccepts = true;
    await tick(1000);
    expect(delivered()).toHaveLength(3);
  });

  test("an event tracked in the host's own pagehide listener is stored when no beacon takes it", async () => {
    const first = start();
    await tick();
    addEventListener('pagehide', () => first.client.track('Time On Page'), { once: true });
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    net.beaconAccepts = false;
    net.answer(new TypeError('Failed to fetch'));
    hide('pagehide');
    vi.clearAllTimers(); // the old document is gone, with its timers
    vi.restoreAllMocks();
    net.beaconAccepts = true;
    start({}, first.writeKey);
    await tick(2000);
    const arrived = net.of(first.writeKey).filter((s) => s.ok);
    expect(arrived.flatMap((s) => s.body.batch.map((e) => 'event' in e && e.event))).toEqual([
      'Time On Page',
    ]);
  });

  test("a page that adopts a queue lets go of its owner's lock, so the back/forward cache can keep it", async () => {
    const locks = fakeLocks();
    vi.spyOn(navigator, 'locks', 'get').mockReturnValue(locks as unknown as LockManager);
    const first = start({ flushInterval: 60_000 });
    await tick();
    first.client.track('a');
    first.client.track('b');
    // Offline: no beacon, so both are stored for the next page.
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    hide('pagehide');
    await tick();
    expect(locks.held.size).toBe(0);
    onLine.mockRestore();
    const second = start({}, first.writeKey);
    await tick(2000);
    expect(second.delivered()).toHaveLength(2);
    // Its own queue's lock only: none of the page it adopted from.
    expect([...locks.held]).toEqual([expect.stringMatching(`^cs1:${first.writeKey}:q:[^:]+$`)]);
  });

  test('queues adopted from several pages are capped at maxQueue; a batch in flight is not dropped', async () => {
    const writeKey = `key-${++n}`;
    for (const page of ['p1', 'p2']) {
      const events = Array.from({ length: 8 }, (_, i) => ({
        type: 'track',
        event: `${page}-${i}`,
      }));
      localStorage.setItem(`cs1:${writeKey}:q:${page}:s1`, JSON.stringify(events));
    }
    net.answer('hang');
    const { client } = start({ maxQueue: 10, flushAt: 4 }, writeKey);
    const dropped = vi.fn();
    client.on('dropped', dropped);
    await tick();
    // Without Web Locks the adoption ran within init(): six of the sixteen went.
    expect(client.stats()).toEqual({ dropped: 6, queued: 10 });
    // All ten are in flight now; twelve more are two over the cap of those waiting.
    for (let i = 0; i < 12; i++) client.track(`n${i}`);
    const names = dropped.mock.calls.flatMap(([events]) =>
      events.map((e: { event: string }) => e.event),
    );
    expect(net.of(writeKey)[0]?.body.batch).toHaveLength(10);
    expect(names).toEqual(['n0', 'n1']);
    expect(client.stats()).toEqual({ dropped: 8, queued: 20 });
  });

  test('an event tracked after pagehide is kept once, and stored, when the page comes back', async () => {
    const { client, stored, writeKey } = start({ flushInterval: 60_000 });
    await tick();
    client.track('a');
    addEventListener('pagehide', () => client.track('late'), { once: true });
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    for (const type of ['pagehide', 'pageshow']) {
      window.dispatchEvent(Object.assign(new Event(type), { persisted: true }));
    }
    await tick();
    expect(client.stats()?.queued).toBe(2);
    const kept = stored()
      .filter((k) => k.startsWith(`cs1:${writeKey}:q:`))
      .flatMap((k) => JSON.parse(localStorage.getItem(k) as string));
    expect(kept.map((e: { event: string }) => e.event).sort()).toEqual(['a', 'late']);
    onLine.mockRestore();
  });

  test('keeps working from memory when storage is full', async () => {
    MemoryStorage.full = true;
    const { client, delivered } = start();
    expect(() => client.track('a')).not.toThrow();
    await client.flush();
    expect(delivered()).toHaveLength(1);
  });

  test('keeps working when storage is disabled and every access throws', async () => {
    MemoryStorage.disabled = true;
    const { client, delivered } = start();
    client.identify('u1');
    client.track('a');
    client.consent.set('denied');
    client.consent.set('granted');
    client.track('b');
    await client.flush();
    expect(delivered()).toHaveLength(1);
  });

  test('drops the oldest events past maxQueue and counts them', async () => {
    net.answer(new TypeError('Failed to fetch'));
    const dropped = vi.fn();
    const { client } = start({ maxQueue: 3, flushAt: 100 });
    client.on('dropped', dropped);
    for (const e of ['a', 'b', 'c', 'd', 'e']) client.track(e);
    expect(client.stats()).toEqual({ dropped: 2, queued: 3 });
    expect(dropped.mock.calls.map(([events, reason]) => [events[0].event, reason])).toEqual([
      ['a', 'overflow'],
      ['b', 'overflow'],
    ]);
  });
});

describe('persisting the queue', () => {
  test('stores each event once and removes it once sent, never rewriting the whole queue', async () => {
    const offline = new TypeError('Failed to fetch');
    net.answer(offline, offline);
    net.beaconAccepts = false;
    const { client, stored, writeKey } = start({ flushAt: 2 });
    const queueWrites = () =>
      MemoryStorage.writes.filter((k) => k.startsWith(`cs1:${writeKey}:q:`));
    await tick();
    for (const e of ['a', 'b']) client.track(e);
    await tick();
    const [first] = stored().filter((k) => k.includes(':q:'));
    const written = queueWrites().length;
    for (const e of ['c', 'd']) client.track(e);
    hide('visibilitychange');
    const segments = stored().filter((k) => k.includes(':q:'));
    expect(segments).toHaveLength(2);
    expect(segments).toContain(first);
    // One new segment for c and d; a's and b's was not written again.
    expect(queueWrites().slice(written)).toHaveLength(1);
    await tick(120_000);
    expect(stored().filter((k) => k.includes(':q:'))).toEqual([]);
  });

  test('track() returns before the batch it completes is serialized or stored', async () => {
    const { client, batches } = start({ flushAt: 2 });
    await tick();
    MemoryStorage.writes = [];
    client.track('a');
    client.track('b');
    expect(MemoryStorage.writes).toEqual([]);
    expect(batches()).toEqual([]);
    await tick();
    expect(batches()).toHaveLength(1);
  });
});

describe('page hide', () => {
  test('hands queued events to sendBeacon on pagehide and on visibilitychange to hidden', async () => {
    const a = start();
    a.client.track('a');
    hide('pagehide');
    const b = start();
    b.client.track('b');
    hide('visibilitychange');
    expect(net.of(a.writeKey).map((s) => s.via)).toEqual(['beacon']);
    expect(net.of(b.writeKey).map((s) => s.via)).toEqual(['beacon']);
    await tick(10_000);
    expect(a.delivered()).toHaveLength(1);
    expect(b.delivered()).toHaveLength(1);
  });

  test('hands nothing to a beacon while offline: the events stay stored and go once online', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { client, writeKey, stored, delivered } = start();
    await tick();
    client.track('a');
    hide('visibilitychange');
    expect(net.of(writeKey)).toEqual([]);
    const key = stored().find((k) => k.includes(':q:')) as string;
    expect(JSON.parse(localStorage.getItem(key) as string)).toHaveLength(1);
    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await tick(10_000);
    expect(delivered()).toHaveLength(1);
    expect(net.of(writeKey).map((s) => s.via)).toEqual(['fetch']);
  });

  test('chunks beacons under 64 KB', () => {
    const { client, batches } = start({ flushAt: 100 });
    for (let i = 0; i < 5; i++) client.track('big', { blob: 'é'.repeat(10_000) });
    hide();
    expect(batches().map((b) => b.length)).toEqual([2, 2, 1]);
    for (const s of net.sent) expect(new Blob([JSON.stringify(s.body)]).size).toBeLessThan(64_000);
  });

  test('a background tab whose beacons are refused sends each event tracked there once', async () => {
    const { client, writeKey, delivered } = start();
    await tick();
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    net.beaconAccepts = false;
    for (let i = 0; i < 10; i++) client.track(`e${i}`);
    await tick();
    const fetched = () =>
      net
        .of(writeKey)
        .filter((s) => s.via === 'fetch')
        .map((s) => s.body.batch.length);
    // One keepalive fetch per event as it is tracked, not every pending event again each time.
    expect(fetched()).toEqual(Array(10).fill(1));
    // The tab lives on: the usual flushInterval send repeats them once (the server dedups).
    await tick(2000);
    expect(fetched()).toEqual([...Array(10).fill(1), 10]);
    expect(new Set(delivered()).size).toBe(10);
  });

  test('falls back to a keepalive fetch when sendBeacon refuses, and keeps the events stored', async () => {
    net.beaconAccepts = false;
    const { client, writeKey, stored } = start();
    await tick();
    client.track('a');
    hide();
    await tick();
    expect(net.of(writeKey).map((s) => [s.via, s.init?.keepalive])).toEqual([
      ['beacon', undefined],
      ['fetch', true],
    ]);
    const key = stored().find((k) => k.includes(':q:')) as string;
    expect(JSON.parse(localStorage.getItem(key) as string)).toHaveLength(1);
  });
});

describe('consent', () => {
  test('while pending, nothing is stored and nothing is sent', async () => {
    const { client, writeKey, stored } = start({ consent: 'pending' });
    client.track('a');
    client.identify('u1', { plan: 'pro' });
    client.page();
    await tick(60_000);
    hide();
    await client.flush();
    expect(net.of(writeKey)).toEqual([]);
    expect(stored()).toEqual([]);
    expect(MemoryStorage.writes.filter((key) => key.includes(writeKey))).toEqual([]);
    expect(client.consent.get()).toBeUndefined();
    expect(document.cookie).toBe('');
  });

  test('granting sends the buffered events, stamped with the granted categories', async () => {
    const { client, delivered, batches } = start({ consent: 'pending' });
    client.track('a');
    client.consent.set({ analytics: true, marketing: false });
    await client.flush();
    expect(delivered()).toHaveLength(1);
    expect(batches()[0]?.[0]?.context?.consent).toEqual({ analytics: true, marketing: false });
  });

  test('categories without analytics leave consent pending: nothing dropped, erased or sent', async () => {
    const first = start();
    first.client.identify('u1');
    hide('visibilitychange');
    // Consent Mode's default on a returning visitor's next page: ad_storage only.
    const second = start({ consent: 'pending' }, first.writeKey);
    second.client.track('landing');
    second.client.consent.set({ marketing: true });
    await tick(5000);
    expect(second.stored()).toContain(`cs1:${first.writeKey}:id`);
    expect(second.client.stats()).toEqual({ dropped: 0, queued: 1 });
    second.client.consent.set({ analytics: true });
    await second.client.flush();
    const landing = net.batches(first.writeKey).flat().at(-1);
    expect(landing).toMatchObject({ event: 'landing', userId: 'u1' });
    expect(landing?.context?.consent).toEqual({ marketing: true, analytics: true });
  });

  test("with Consent Mode, a returning visitor's ids survive a default that grants ads only", async () => {
    const first = start();
    first.client.track('a');
    hide('visibilitychange');
    const second = start({ consent: 'pending' }, first.writeKey);
    second.client.page();
    const dataLayer: unknown[] = [];
    googleConsentMode(second.client.consent, Object.assign(Object.create(window), { dataLayer }));
    const gtag = (...args: unknown[]) => dataLayer.push(args);
    gtag('consent', 'default', { analytics_storage: 'denied', ad_storage: 'granted' });
    gtag('consent', 'update', { analytics_storage: 'granted' });
    await second.client.flush();
    const [a, page] = net.batches(first.writeKey).flat();
    expect(page).toMatchObject({ type: 'page', anonymousId: a?.anonymousId });
    expect(page?.context?.consent).toEqual({ marketing: true, analytics: true });
  });

  test('categories set before init() without analytics add to the consent option', async () => {
    const client = createClient();
    client.consent.set({ marketing: false });
    client.init({ endpoint, writeKey: `key-${++n}` });
    expect(client.consent.get()).toEqual({ analytics: true, marketing: false });
  });

  test('events buffered while pending get the restored identity and session at the grant', async () => {
    const first = start();
    first.client.identify('u1');
    hide('visibilitychange');
    await tick(60_000);
    const second = start({ consent: 'pending' }, first.writeKey);
    second.client.page();
    second.client.consent.set('granted');
    second.client.track('b');
    await second.client.flush();
    const [identify, page, b] = net.batches(first.writeKey).flat();
    for (const e of [page, b]) {
      expect(e).toMatchObject({ userId: 'u1', anonymousId: identify?.anonymousId });
      expect(e?.sessionId).toBe(identify?.sessionId);
    }
  });

  test('a logout (reset) while pending is not undone by the grant that follows', async () => {
    const first = start();
    first.client.identify('u1');
    hide('visibilitychange');
    const second = start({ consent: 'pending' }, first.writeKey);
    second.client.reset();
    second.client.consent.set('granted');
    second.client.track('after logout');
    await second.client.flush();
    const [identify, after] = net.batches(first.writeKey).flat();
    expect(after?.userId).toBeNull();
    expect(after?.anonymousId).not.toBe(identify?.anonymousId);
  });

  test('events recorded before a reset() made while pending keep their own ids at the grant', async () => {
    const { client, batches } = start({ consent: 'pending' });
    client.identify('U');
    client.track('before');
    await tick(31 * 60_000);
    client.reset();
    client.track('after');
    client.consent.set('granted');
    await client.flush();
    const [identify, before, after] = batches().flat();
    expect(before).toMatchObject({ userId: 'U', anonymousId: identify?.anonymousId });
    expect(after?.userId).toBeNull();
    expect(after?.anonymousId).not.toBe(before?.anonymousId);
    expect(after?.sessionId).not.toBe(before?.sessionId);
  });

  test('granting sends a buffer of flushAt or more events at once', async () => {
    const { client, delivered } = start({ consent: 'pending', flushAt: 3 });
    for (const e of ['a', 'b', 'c', 'd']) client.track(e);
    client.consent.set('granted');
    await tick();
    expect(delivered()).toHaveLength(4);
  });

  test('denying drops the buffer and erases stored identifiers; later calls record nothing', async () => {
    net.answer(new TypeError('Failed to fetch'));
    const { client, stored, batches } = start({ flushAt: 2 });
    client.identify('u1');
    client.track('a');
    await tick();
    expect(stored()).toHaveLength(2);
    client.consent.set('denied');
    expect(stored()).toEqual([]);
    expect(client.stats()).toEqual({ dropped: 2, queued: 0 });
    client.track('c');
    await tick(60_000);
    expect(
      batches()
        .flat()
        .map((e) => e.type === 'track' && e.event),
    ).not.toContain('c');
  });

  test('denying while a batch is in flight settles it as dropped; a later grant sends at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    net.answer('hang');
    const { client, delivered } = start({ flushAt: 1 });
    const sent = vi.fn();
    const dropped = vi.fn();
    client.on('sent', sent);
    client.on('dropped', dropped);
    client.track('a');
    await tick();
    client.consent.set('denied');
    expect(dropped).toHaveBeenCalledWith([expect.objectContaining({ event: 'a' })], 'consent');
    // The hung request is aborted, which would be a retry if consent still allowed one.
    await tick(31_000);
    client.consent.set('granted');
    client.track('b');
    await tick();
    expect(
      sent.mock.calls.map(([events]) => events.map((e: { event: string }) => e.event)),
    ).toEqual([['b']]);
    expect(delivered()).toHaveLength(1);
  });

  test('stamps the categories current when each event was recorded', async () => {
    const { client, batches } = start();
    client.track('a');
    client.consent.set({ marketing: true });
    client.track('b');
    await client.flush();
    expect(batches()[0]?.map((e) => e.context?.consent)).toEqual([
      { analytics: true },
      { analytics: true, marketing: true },
    ]);
  });

  test('starts pending under Global Privacy Control or Do Not Track unless told otherwise', async () => {
    const signal = (name: string, value: unknown) =>
      vi.stubGlobal('navigator', Object.create(navigator, { [name]: { value } }));
    signal('globalPrivacyControl', true);
    const honoured = start({ consent: 'granted' });
    expect(honoured.client.consent.get()).toBeUndefined();
    signal('doNotTrack', '1');
    expect(start().client.consent.get()).toBeUndefined();
    expect(start({ respectPrivacySignals: false }).client.consent.get()).toEqual({
      analytics: true,
    });
  });
});

describe('identity and session', () => {
  test('identify() sets userId on later events; reset() forgets it and changes anonymousId', async () => {
    const { client, batches } = start();
    client.track('before');
    client.identify('user-42', { plan: 'pro' });
    client.track('after');
    client.reset();
    client.track('logged out');
    await client.flush();
    const [before, identify, after, out] = batches().flat();
    expect(before?.userId).toBeNull();
    expect(identify).toMatchObject({
      type: 'identify',
      userId: 'user-42',
      traits: { plan: 'pro' },
    });
    expect(after?.userId).toBe('user-42');
    expect(after?.anonymousId).toBe(before?.anonymousId);
    expect(out?.userId).toBeNull();
    expect(out?.anonymousId).not.toBe(before?.anonymousId);
  });

  test('keeps the anonymous id and session across page loads once consented', async () => {
    const first = start();
    first.client.track('a');
    hide('visibilitychange');
    const second = start({}, first.writeKey);
    second.client.track('b');
    await second.client.flush();
    const [a, b] = net.batches(first.writeKey).flat();
    expect(b?.anonymousId).toBe(a?.anonymousId);
    expect(b?.sessionId).toBe(a?.sessionId);
  });

  test('a logout in one tab is not undone when another tab of the same user is hidden', async () => {
    const a = start();
    a.client.identify('u1');
    const b = start({}, a.writeKey);
    b.client.track('x');
    a.client.reset();
    hide('visibilitychange');
    const next = start({}, a.writeKey);
    next.client.track('y');
    await next.client.flush();
    expect(net.batches(a.writeKey).flat().at(-1)?.userId).toBeNull();
  });

  test('starts a new session after 30 minutes without events', async () => {
    const { client, batches } = start();
    client.track('a');
    await tick(29 * 60_000);
    client.track('b');
    await tick(30 * 60_000 + 1);
    client.track('c');
    await client.flush();
    const [a, b, c] = batches().flat();
    expect(b?.sessionId).toBe(a?.sessionId);
    expect(c?.sessionId).toBeGreaterThan(Number(a?.sessionId));
  });
});

describe('single-page apps', () => {
  test('autoPage sends a page view at init and after each navigation that changes the URL', async () => {
    history.replaceState(null, '', '/');
    const { client, batches } = start({ autoPage: true });
    history.pushState(null, '', '/products');
    history.replaceState({ scroll: 1 }, '', '/products');
    history.pushState(null, '', '/products#reviews');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await client.flush();
    expect(
      batches()
        .flat()
        .map((e) => [e.type, e.context?.page?.path]),
    ).toEqual([
      ['page', '/'],
      ['page', '/products'],
      ['page', '/products'],
    ]);
  });

  test('sends no page view by itself when autoPage is off', async () => {
    const { client, batches } = start();
    history.pushState(null, '', '/elsewhere');
    await client.flush();
    expect(batches()).toEqual([]);
  });
});

describe('robustness', () => {
  test('no public method ever throws, before or after init, whatever the arguments', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = createClient();
    const { client } = start();
    client.debug(true);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    fc.assert(
      fc.property(
        fc.array(fc.anything({ withBigInt: true, withMap: true })),
        fc.boolean(),
        (args, pre) => {
          const c = pre ? before : client;
          c.track(...(args as [string]));
          c.page(...(args as [string]));
          c.identify(...(args as [string]));
          c.consent.set(...(args as ['granted']));
          c.consent.set('granted');
          c.track('cyclic', cyclic);
          c.reset();
          c.stats();
          c.flush().catch(() => {
            throw new Error('flush() rejected');
          });
        },
      ),
      { numRuns: 200 },
    );
    expect(warn).toHaveBeenCalled();
  });

  test('drops calls with a bad name or non-object properties, with a debug warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { client, batches } = start();
    client.debug(true);
    client.track('');
    client.track('x', [1] as never);
    client.track('x', 'text' as never);
    client.identify(42 as never);
    client.page(null as never);
    await client.flush();
    expect(batches()).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(5);
  });
});

test('gzips the body with CompressionStream and says so with enc=gzip', async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  net = fakeNetwork();
  const { client, writeKey } = start();
  client.track('a', { text: 'hello '.repeat(100) });
  await client.flush();
  const [request] = net.of(writeKey);
  expect(request?.url.searchParams.get('enc')).toBe('gzip');
  const body = request?.init?.body as ArrayBuffer;
  expect(body).toBeInstanceOf(ArrayBuffer);
  expect(body.byteLength).toBeLessThan(600);
  expect(request?.body.batch).toHaveLength(1);
});
