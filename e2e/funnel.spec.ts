import { propertiesOf } from './support/readLake';
import { acceptAll, addToCart, checkout } from './support/shop';
import { expect, test } from './support/test';

test('a shopper’s page views and the whole funnel land in the lake with their properties, session and user ids', async ({
  page,
  lake,
}) => {
  await page.goto('/');
  await acceptAll(page);
  await page.goto('/products.html');
  await addToCart(page, 'trail-runner', 2);
  await addToCart(page, 'insulated-bottle');
  const orderId = await checkout(page);
  expect(orderId).toMatch(/^ORD-\d{4}-\d{6}$/);
  await page.getByRole('link', { name: 'Continue shopping' }).click();
  await page.waitForURL('/');

  // Every event once, nothing else: the plain pages (snippet) and the checkout (npm build).
  const expected = [
    'page:Home',
    'page:Product List',
    'Product List Viewed',
    ...['page:Product Detail', 'Product Viewed', 'Product Added'],
    ...['page:Product Detail', 'Product Viewed', 'Product Added'],
    'page:Cart',
    'Cart Viewed',
    ...['page:/checkout.html', 'Checkout Started'],
    ...['page:/checkout.html', 'Payment Info Entered', 'identify', 'Order Completed'],
    'page:/checkout.html',
    'page:Home',
  ];
  const rows = await lake.waitFor(expected.length);
  const names = rows.map((r) =>
    r.type === 'page' ? `page:${r.name ?? r.page_path}` : (r.event ?? r.type),
  );
  expect(names.toSorted()).toEqual(expected.toSorted());
  // The single-page checkout sends one page view per step, by URL.
  expect(
    rows
      .filter((r) => r.type === 'page' && r.page_path === '/checkout.html')
      .map((r) => r.page_url),
  ).toEqual([
    expect.stringMatching(/\/checkout\.html$/),
    expect.stringMatching(/\/checkout\.html\?step=payment$/),
    expect.stringMatching(/\/checkout\.html\?step=confirmation$/),
  ]);
  expect(new Set(rows.map((r) => r.message_id)).size).toBe(rows.length);

  // One visitor, one session, across plain pages (snippet) and the checkout (npm build).
  const anonymousId = rows[0]?.anonymous_id;
  expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  expect(new Set(rows.map((r) => r.anonymous_id))).toEqual(new Set([anonymousId]));
  expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
  expect(rows.every((r) => r.consent === 'analytics,marketing')).toBe(true);

  const viewed = rows.find(
    (r) => r.event === 'Product Viewed' && r.page_search === '?id=trail-runner',
  );
  expect(viewed && propertiesOf(viewed)).toEqual({
    product_id: 'trail-runner',
    sku: 'SKU-48213-BLK',
    name: 'Trail Runner GTX',
    brand: 'Northbound',
    category: 'Shoes',
    variant: 'Black / 42',
    price: 129.9,
    quantity: 1,
    currency: 'EUR',
  });
  const added = rows.filter((r) => r.event === 'Product Added').map(propertiesOf);
  expect(added).toEqual([
    expect.objectContaining({ product_id: 'trail-runner', quantity: 2, price: 129.9 }),
    expect.objectContaining({ product_id: 'insulated-bottle', quantity: 1, price: 32 }),
  ]);
  const started = rows.find((r) => r.event === 'Checkout Started');
  expect(started && propertiesOf(started)).toMatchObject({ value: 291.8, currency: 'EUR' });

  const order = rows.find((r) => r.event === 'Order Completed');
  expect(order && propertiesOf(order)).toEqual({
    order_id: orderId,
    checkout_id: expect.stringMatching(/^cart_/),
    revenue: 291.8,
    shipping: 0,
    tax: 48.63,
    total: 291.8,
    currency: 'EUR',
    items: [
      expect.objectContaining({
        product_id: 'trail-runner',
        sku: 'SKU-48213-BLK',
        quantity: 2,
        price: 129.9,
      }),
      expect.objectContaining({
        product_id: 'insulated-bottle',
        sku: 'SKU-77102-SND',
        quantity: 1,
        price: 32,
      }),
    ],
  });
  expect(order?.page_path).toBe('/checkout.html');
  expect(order?.library_name).toBe('clickstream');
});

test('identify() at the first order ties that order and every later event, on any page, to the customer', async ({
  page,
  lake,
}) => {
  await page.goto('/');
  await acceptAll(page);
  await addToCart(page, 'headlamp');
  await checkout(page);
  await page.getByRole('link', { name: 'Continue shopping' }).click();
  await page.waitForURL('/');
  await page.goto('/products.html?category=Bags');
  await addToCart(page, 'daypack-22');

  const rows = await lake.waitFor(19);
  expect(rows).toHaveLength(19);
  const identify = rows.filter((r) => r.type === 'identify');
  expect(identify).toHaveLength(1);
  const customerId = identify[0]?.identified_user_id ?? '';
  expect(customerId).toMatch(/^cust_[0-9a-f]{12}$/);
  expect(JSON.parse(identify[0]?.traits ?? '{}')).toEqual({ country: 'DE', orders: 1 });

  // Split by the SDK's call time, not lake order (created_at is skew-corrected per batch).
  // `Payment Info Entered`, identify and `Order Completed` run in one handler, often in one ms.
  const identifiedAt = identify[0]?.client_timestamp ?? '';
  const isBefore = (r: (typeof rows)[number]) =>
    (r.client_timestamp ?? '') < identifiedAt || r.event === 'Payment Info Entered';
  const before = rows.filter(isBefore);
  const after = rows.filter((r) => !isBefore(r));
  expect(before.length).toBeGreaterThan(3);
  expect(before.every((r) => r.identified_user_id === null && r.user_id === r.anonymous_id)).toBe(
    true,
  );
  expect(after.map((r) => r.event ?? r.type)).toEqual(
    expect.arrayContaining(['Order Completed', 'Product Viewed', 'Product Added']),
  );
  for (const row of after) {
    expect(row, `${row.type} ${row.event ?? row.name}`).toMatchObject({
      user_id: customerId,
      identified_user_id: customerId,
      anonymous_id: before[0]?.anonymous_id,
    });
  }
});
