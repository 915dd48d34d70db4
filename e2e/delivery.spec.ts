import { BUILDS, installSdk, sdk, sdkLoaded } from './support/installSdk';
import { propertiesOf } from './support/readLake';
import { acceptAll } from './support/shop';
import { expect, test } from './support/test';

/** The `seq` property of each row, sorted: every number once means nothing lost or doubled. */
const seqs = (rows: Parameters<typeof propertiesOf>[0][]) =>
  rows.map((r) => propertiesOf(r).seq as number).toSorted((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('the product click before the shop navigates away arrives, by beacon, while every fetch fails', async ({
  page,
  lake,
  ingest,
}) => {
  await page.goto('/');
  await acceptAll(page);
  await lake.waitFor(1);
  // From here the collector is unreachable for fetch; only a beacon can get through.
  ingest.fault = () => 'network-error';
  await page.goto('/products.html');
  // A click before the async script has loaded only reaches the snippet's in-memory stub, which
  // dies with the page: no SDK can send that one.
  await sdkLoaded(page);
  await page.locator('a[data-product-id="headlamp"]').click();
  await page.waitForURL(/product\.html\?id=headlamp/);
  const [clicked] = await lake.waitFor(1, `event = 'Product Clicked'`);
  expect(clicked && propertiesOf(clicked)).toMatchObject({
    product_id: 'headlamp',
    list_id: 'all',
    position: 6,
  });
  expect(clicked?.page_path).toBe('/products.html');
  expect(ingest.deliveredIds()).not.toContain(clicked?.message_id);
});

for (const build of BUILDS) {
  test.describe(`${build} build`, () => {
    test('the last event before navigating away arrives', async ({ page, lake, ingest }) => {
      const path = await installSdk(page, build);
      await page.goto(path);
      await sdkLoaded(page);
      await sdk(page, 'track', 'Outbound Link Clicked', { href: 'https://example.com/' });
      await page.goto('about:blank');
      const rows = await lake.waitFor(1);
      expect(rows.map((r) => r.event)).toEqual(['Outbound Link Clicked']);
      // No page of the site loaded again, so no later fetch could have delivered it.
      expect(ingest.deliveredIds()).toEqual([]);
    });

    test('events tracked offline arrive exactly once when back online', async ({
      page,
      context,
      lake,
      ingest,
    }) => {
      const path = await installSdk(page, build);
      await page.goto(path);
      await sdkLoaded(page);
      await context.setOffline(true);
      for (let seq = 0; seq < 45; seq++) await sdk(page, 'track', 'Offline Tick', { seq });
      await page.waitForTimeout(4_000);
      expect(await lake.rows()).toEqual([]);
      await context.setOffline(false);
      const rows = await lake.waitFor(45);
      expect(seqs(rows)).toEqual(range(45));
      const delivered = ingest.deliveredIds();
      expect(new Set(delivered).size).toBe(delivered.length);
    });

    test('events pending at a reload arrive exactly once after it', async ({
      page,
      lake,
      ingest,
    }) => {
      const path = await installSdk(page, build, { flushInterval: 500 });
      await page.goto(path);
      await sdkLoaded(page);
      ingest.fault = () => 'http-503';
      for (let seq = 0; seq < 30; seq++) await sdk(page, 'track', 'Before Reload', { seq });
      await expect.poll(() => ingest.requests.length).toBeGreaterThan(0);
      ingest.fault = () => 'pass';
      await page.reload();
      await sdkLoaded(page);
      await sdk(page, 'track', 'After Reload', { seq: 30 });
      const rows = await lake.waitFor(31);
      expect(seqs(rows)).toEqual(range(31));
      const delivered = ingest.deliveredIds();
      expect(new Set(delivered).size).toBe(delivered.length);
    });

    test('two tabs never send the same event twice', async ({ page, context, lake, ingest }) => {
      const path = await installSdk(page, build, { flushInterval: 500 });
      const second = await context.newPage();
      await page.goto(path);
      await second.goto(path);
      await Promise.all([sdkLoaded(page), sdkLoaded(second)]);
      // Both tabs queue and persist while the collector is down.
      ingest.fault = () => 'http-503';
      for (let seq = 0; seq < 40; seq++) {
        await sdk(seq % 2 ? second : page, 'track', 'Tab Tick', { seq });
      }
      await expect.poll(() => ingest.requests.length).toBeGreaterThan(1);
      // Back up; a third tab opens and looks for orphaned queues while both others still live.
      ingest.fault = () => 'pass';
      const third = await context.newPage();
      await third.goto(path);
      await sdkLoaded(third);
      await sdk(third, 'track', 'Tab Tick', { seq: 40 });
      const rows = await lake.waitFor(41);
      expect(seqs(rows)).toEqual(range(41));
      // No tab was hidden, so no beacon: every copy of every event is a logged fetch.
      const sent = ingest.requests.filter((r) => r.fault === 'pass').flatMap((r) => r.messageIds);
      expect(sent).toHaveLength(41);
      expect(new Set(sent).size).toBe(41);
    });
  });
}
