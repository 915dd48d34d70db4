import type { Page } from '@playwright/test';
import { acceptAll, addToCart } from './support/shop';
import { expect, test } from './support/test';

/** What the shop itself keeps (cart, consent choice, debug toggle, checkout); nothing else may appear. */
const SHOP_KEYS = /^shop\./;

/** Storage keys and cookies the page's origin holds that are not the shop's own. */
const sdkFootprint = async (page: Page) => {
  const storage = await page.evaluate(() => [
    ...Object.keys(localStorage).map((k) => `local:${k}`),
    ...Object.keys(sessionStorage).map((k) => `session:${k}`),
  ]);
  const cookies = (await page.context().cookies()).map((c) => `cookie:${c.name}`);
  return [...storage.filter((k) => !SHOP_KEYS.test(k.replace(/^\w+:/, ''))), ...cookies];
};

const banner = (page: Page) => page.getByRole('dialog', { name: 'Cookie consent' });

test('while consent is pending nothing is sent or stored; “Accept all” then sends what that page buffered', async ({
  page,
  lake,
  ingest,
}) => {
  await page.goto('/');
  await page.goto('/products.html?category=Shoes');
  await addToCart(page, 'trail-runner');
  await expect(banner(page)).toBeVisible();
  // Beacons bypass the route recorder; the lake shows they did not happen either.
  expect(await lake.after(4_000)).toEqual([]);
  expect(ingest.requests).toEqual([]);
  expect(await sdkFootprint(page)).toEqual([]);

  await acceptAll(page);
  await expect(banner(page)).toBeHidden();
  const rows = await lake.waitFor(3);
  // Only this page's calls were buffered (in memory): earlier pages are gone, as they should be.
  expect(rows.map((r) => r.event ?? `page:${r.name}`).toSorted()).toEqual([
    'Product Added',
    'Product Viewed',
    'page:Product Detail',
  ]);
  expect(rows.every((r) => r.consent === 'analytics,marketing')).toBe(true);
  expect(await sdkFootprint(page)).not.toEqual([]);
});

test('after “Reject all” nothing is ever sent or stored, and the choice is remembered on every page', async ({
  page,
  lake,
  ingest,
}) => {
  await page.goto('/');
  await banner(page).getByRole('button', { name: 'Reject all' }).click();
  await page.goto('/products.html');
  await expect(banner(page)).toBeHidden();
  await addToCart(page, 'merino-tee', 2);
  await page.goto('/cart.html');
  await page.reload();
  expect(await lake.after(5_000)).toEqual([]);
  expect(ingest.requests).toEqual([]);
  expect(await sdkFootprint(page)).toEqual([]);
});

test('“Choose” with analytics only records events stamped with that choice; withdrawing it stops them and erases the ids', async ({
  page,
  lake,
}) => {
  await page.goto('/');
  await banner(page).getByRole('button', { name: 'Choose' }).click();
  await banner(page)
    .getByLabel(/Analytics/)
    .check();
  await banner(page).getByRole('button', { name: 'Save choices' }).click();
  await page.goto('/products.html');
  const granted = await lake.waitFor(3);
  expect(granted.map((r) => r.event ?? `page:${r.name}`).toSorted()).toEqual([
    'Product List Viewed',
    'page:Home',
    'page:Product List',
  ]);
  expect(granted.every((r) => r.consent === 'analytics')).toBe(true);

  // Marketing only: analytics withdrawn.
  await page.getByRole('button', { name: 'Cookie settings' }).click();
  await banner(page).getByRole('button', { name: 'Choose' }).click();
  await banner(page)
    .getByLabel(/Analytics/)
    .uncheck();
  await banner(page)
    .getByLabel(/Marketing/)
    .check();
  await banner(page).getByRole('button', { name: 'Save choices' }).click();
  await addToCart(page, 'rain-shell');
  await page.goto('/cart.html');
  expect(await lake.after(5_000)).toHaveLength(granted.length);
  expect(await sdkFootprint(page)).toEqual([]);
});
