import type { Page } from '@playwright/test';
import type { Client } from '../src/createClient';
import { builds, expect, test } from './collector';

declare global {
  interface Window {
    clickstream: Client;
  }
}

/** Opens a test page and waits until the SDK itself (not the snippet stub) is loaded. */
const open = async (page: Page, url: string) => {
  await page.goto(url);
  await page.waitForFunction(() => window.clickstream?.version);
};

const track = (page: Page, ...names: string[]) =>
  page.evaluate((names) => {
    for (const name of names) window.clickstream.track(name);
  }, names);

/** Makes `navigator.sendBeacon` refuse everything, as when the page's 64 KB quota is used up. */
const refuseBeacons = (page: Page) =>
  page.addInitScript(() => {
    navigator.sendBeacon = () => false;
  });

for (const build of builds) {
  test.describe(`${build} build`, () => {
    test('posts gzip-compressed batches without a CORS preflight', async ({ page, collector }) => {
      await open(page, collector.page(build, { flushAt: 2 }));
      await track(page, 'a', 'b');
      await collector.waitForDelivered(2);
      const [batch] = collector.batches;
      expect(batch?.url.searchParams.get('enc')).toBe('gzip');
      expect(batch?.url.searchParams.get('writeKey')).toBe('e2e');
      expect(batch?.headers['sec-fetch-mode']).toBe('cors');
      expect(collector.received.filter((r) => r.method === 'OPTIONS')).toEqual([]);
    });

    test('the last event before a navigation arrives by beacon', async ({ page, collector }) => {
      await open(page, collector.page(build, { flushInterval: 60_000 }));
      await track(page, 'Checkout Started');
      await page.click('#next');
      await page.waitForURL(/next\.html/);
      await collector.waitForDelivered(1);
      const [beacon] = collector.batches;
      // A beacon is a no-cors request with a plain-text JSON body.
      expect(beacon?.headers['sec-fetch-mode']).toBe('no-cors');
      expect(beacon?.url.searchParams.get('enc')).toBeNull();
      expect(collector.delivered()).toEqual(['Checkout Started']);
    });

    test('events queued while offline arrive once after going online', async ({
      page,
      context,
      collector,
    }) => {
      await open(page, collector.page(build, { flushInterval: 200 }));
      await context.setOffline(true);
      await track(page, 'offline 1', 'offline 2');
      await page.waitForTimeout(1500);
      expect(collector.delivered()).toEqual([]);
      await context.setOffline(false);
      await collector.waitForDelivered(2);
      await page.waitForTimeout(1500);
      expect(collector.delivered().sort()).toEqual(['offline 1', 'offline 2']);
      expect(new Set(collector.deliveredIds()).size).toBe(2);
    });

    test('events pending at reload arrive exactly once after the reload', async ({
      page,
      collector,
    }) => {
      // The collector refuses everything the first page load sends, its page-hide send
      // included, whenever that lands; beacons fail: the events can only survive in storage.
      await refuseBeacons(page);
      collector.respond = (r) => (r.load === 1 ? 503 : 200);
      collector.headers = { 'Retry-After': '3600' };
      await open(page, collector.page(build, { flushAt: 1 }));
      await track(page, 'pending 1');
      // 'pending 1' was sent and refused; 'pending 2' is then only in memory until page hide.
      await expect.poll(() => collector.batches.length).toBeGreaterThan(0);
      await track(page, 'pending 2');
      await page.reload();
      await page.waitForFunction(() => window.clickstream?.version);
      await collector.waitForDelivered(2);
      await page.reload();
      await page.waitForFunction(() => window.clickstream?.version);
      await page.waitForTimeout(2500);
      expect(collector.delivered().sort()).toEqual(['pending 1', 'pending 2']);
      expect(new Set(collector.deliveredIds()).size).toBe(2);
    });

    test("an event tracked in the page's own pagehide listener reaches the next page", async ({
      page,
      collector,
    }) => {
      // No beacon, and the collector refuses the first page load's keepalive fetch: the event
      // can only survive in storage.
      await refuseBeacons(page);
      collector.respond = (r) => (r.load === 1 ? 503 : 200);
      await open(page, collector.page(build, { flushAt: 1 }));
      await page.evaluate(() =>
        addEventListener('pagehide', () => window.clickstream.track('Time On Page')),
      );
      await page.click('#next');
      await page.waitForURL(/next\.html/);
      await collector.waitForDelivered(1);
      expect(collector.delivered()).toEqual(['Time On Page']);
    });

    test('two tabs never send the same persisted event twice', async ({ context, collector }) => {
      // The first tab's sends fail, so its queue stays stored while it is open; what it hands
      // to a beacon when it closes gets through.
      collector.respond = (r) =>
        r.load === 1 && r.headers['sec-fetch-mode'] === 'cors' ? 503 : 200;
      collector.headers = { 'Retry-After': '3600' };
      const first = await context.newPage();
      await open(first, collector.page(build, { flushAt: 2 }));
      await track(first, 'tab 1 a', 'tab 1 b');
      await expect.poll(() => collector.batches.length).toBe(1);
      // The second tab starts while the first one's queue is stored: it must leave it alone.
      const second = await context.newPage();
      await open(second, collector.page(build, { flushAt: 1 }));
      await track(second, 'tab 2');
      await collector.waitForDelivered(1);
      await second.evaluate(() => window.clickstream.flush());
      await first.close({ runBeforeUnload: true });
      await collector.waitForDelivered(3);
      // A third tab finds nothing left to adopt.
      const third = await context.newPage();
      await open(third, collector.page(build));
      await third.waitForTimeout(2500);
      expect(collector.delivered().sort()).toEqual(['tab 1 a', 'tab 1 b', 'tab 2']);
      expect(new Set(collector.deliveredIds()).size).toBe(3);
    });

    test('in pending-consent mode nothing is sent and nothing is stored', async ({
      page,
      collector,
    }) => {
      await open(page, collector.page(build, { consent: 'pending', flushInterval: 100 }));
      await page.evaluate(() => {
        window.clickstream.track('Product Viewed', { sku: 'A1' });
        window.clickstream.page();
        window.clickstream.identify('user-42', { plan: 'pro' });
      });
      await page.waitForTimeout(1000);
      await page.click('#next');
      await page.waitForURL(/next\.html/);
      await page.waitForTimeout(1000);
      expect(collector.batches).toEqual([]);
      const stored = await page.evaluate(() => ({
        local: Object.keys(localStorage),
        session: Object.keys(sessionStorage),
        cookies: document.cookie,
      }));
      expect(stored).toEqual({ local: [], session: [], cookies: '' });
    });

    test('granting consent sends what was buffered while pending', async ({ page, collector }) => {
      await open(page, collector.page(build, { consent: 'pending' }));
      await track(page, 'before consent');
      await page.evaluate(() => window.clickstream.consent.set({ analytics: true }));
      await page.evaluate(() => window.clickstream.flush());
      await collector.waitForDelivered(1);
      expect(collector.batches[0]?.body?.batch[0]?.context?.consent).toEqual({ analytics: true });
    });
  });
}
