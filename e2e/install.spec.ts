import { BUILDS, installSdk, sdk, sdkLoaded } from './support/installSdk';
import { propertiesOf } from './support/readLake';
import { expect, test } from './support/test';

for (const build of BUILDS) {
  test.describe(`${build} build`, () => {
    test('page, track and identify land with their properties, context and ids', async ({
      page,
      lake,
    }) => {
      const path = await installSdk(page, build);
      await page.goto(
        `${path}?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale&email=jane%40example.org&token=s3cret`,
      );
      await sdk(page, 'page');
      await sdk(page, 'track', 'Order Completed', {
        order_id: 'ORD-2026-000123',
        revenue: 349.99,
        currency: 'EUR',
        items: [{ product_id: 'SKU-48213-BLK', quantity: 1, price: 349.99 }],
      });
      await sdk(page, 'identify', 'user-42', { plan: 'pro' });
      await sdk(page, 'track', 'Product Viewed', { product_id: 'SKU-1' });
      await sdkLoaded(page);
      await sdk(page, 'flush');

      const rows = await lake.waitFor(4);
      expect(rows.map((r) => r.event ?? r.type)).toEqual([
        'page',
        'Order Completed',
        'identify',
        'Product Viewed',
      ]);
      const [view, order, identify, after] = rows;
      const anonymousId = view?.anonymous_id;
      expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
      for (const row of rows) {
        expect(row).toMatchObject({
          anonymous_id: anonymousId,
          session_id: view?.session_id,
          page_path: path,
          title: `Install test (${build})`,
          utm_source: 'newsletter',
          utm_medium: 'email',
          utm_campaign: 'winter-sale',
          library_name: 'clickstream',
          consent: 'analytics',
        });
        // URL hygiene in the browser: the secret parameters never left it.
        expect(`${row.page_url} ${row.page_search}`).not.toMatch(/jane|s3cret/);
        expect(row.locale).toBeTruthy();
        expect(row.timezone).toBeTruthy();
        expect(row.screen_width).toBeGreaterThan(0);
      }
      expect(order && propertiesOf(order)).toEqual({
        order_id: 'ORD-2026-000123',
        revenue: 349.99,
        currency: 'EUR',
        items: [{ product_id: 'SKU-48213-BLK', quantity: 1, price: 349.99 }],
      });
      expect(order?.user_id).toBe(anonymousId);
      expect(order?.identified_user_id).toBeNull();
      expect(identify).toMatchObject({ user_id: 'user-42', identified_user_id: 'user-42' });
      expect(JSON.parse(identify?.traits ?? '{}')).toEqual({ plan: 'pro' });
      expect(after).toMatchObject({ user_id: 'user-42', identified_user_id: 'user-42' });
      expect(new Set(rows.map((r) => r.message_id)).size).toBe(4);
    });

    test('in pending mode no request and no storage write happen until consent is granted', async ({
      page,
      lake,
      ingest,
    }) => {
      const path = await installSdk(page, build, { consent: 'pending' });
      await page.goto(path);
      await sdk(page, 'page');
      await sdk(page, 'track', 'Lost On Navigation');
      await page.getByRole('link', { name: 'Next page' }).click();
      await page.waitForURL(/page=next/);
      await sdk(page, 'page');
      for (let i = 0; i < 5; i++) await sdk(page, 'track', 'Buffered', { seq: i });
      await sdkLoaded(page);
      expect(await lake.after(4_000)).toEqual([]);
      expect(ingest.requests).toEqual([]);
      expect(await storageKeys(page)).toEqual([]);

      await sdk(page, 'consent.set', { analytics: true });
      const rows = await lake.waitFor(6);
      expect(rows.map((r) => r.event ?? r.type).toSorted()).toEqual([
        ...Array(5).fill('Buffered'),
        'page',
      ]);
      expect(rows.map((r) => propertiesOf(r).seq).filter((s) => s !== undefined)).toEqual([
        0, 1, 2, 3, 4,
      ]);
    });

    test('with Global Privacy Control on nothing is sent by default, until the visitor opts in', async ({
      page,
      lake,
      ingest,
    }) => {
      await page.addInitScript(() =>
        Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
      );
      // init() says granted: GPC still wins (respectPrivacySignals defaults to true).
      const path = await installSdk(page, build, { consent: 'granted' });
      await page.goto(path);
      await sdk(page, 'page');
      await sdk(page, 'track', 'Under GPC');
      await page.getByRole('link', { name: 'Next page' }).click();
      await page.waitForURL(/page=next/);
      await sdk(page, 'track', 'Under GPC');
      await sdkLoaded(page);
      expect(await lake.after(4_000)).toEqual([]);
      expect(ingest.requests).toEqual([]);
      expect(await storageKeys(page)).toEqual([]);

      await sdk(page, 'consent.set', { analytics: true });
      await sdk(page, 'track', 'Opted In');
      const rows = await lake.waitFor(2);
      expect(rows.map((r) => r.event)).toEqual(['Under GPC', 'Opted In']);
    });
  });
}

const storageKeys = async (page: import('@playwright/test').Page) => [
  ...(await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)])),
  ...(await page.context().cookies()).map((c) => c.name),
];
