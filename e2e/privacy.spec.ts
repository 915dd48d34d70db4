import { acceptAll, addToCart, checkout, VISITOR } from './support/shop';
import { expect, test } from './support/test';

/** The typed values in every shape a URL, a form or a scrubber might leave them. */
const LEAKS = [/jane\.doe/i, /shop(@|%40)example\.org/i, /4242\D{0,3}4242\D{0,3}4242\D{0,3}4242/];

test('an email typed into the search box and the newsletter form, and a card number, are absent from every column of the lake', async ({
  page,
  lake,
}) => {
  await page.goto('/');
  await acceptAll(page);
  // A visitor pastes into the wrong box: both GET forms put the text into the next URL.
  await page.getByRole('searchbox', { name: 'Search products' }).fill(VISITOR.email);
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
  await page.waitForURL(/products\.html\?q=/);
  await page.getByRole('searchbox', { name: 'Search products' }).fill(VISITOR.card);
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
  await page.waitForURL(/q=4242/);
  await page.getByPlaceholder('you@example.com').fill(VISITOR.email);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.waitForURL(/newsletter\.html\?email=/);
  await addToCart(page, 'merino-tee');
  await checkout(page);
  await page.getByRole('link', { name: 'Continue shopping' }).click();
  await page.waitForURL('/');

  const rows = await lake.waitFor(21);
  const events = rows.map((r) => r.event ?? `page:${r.name ?? r.page_path}`);
  // The places the values were typed did produce events: the absence below is not vacuous.
  expect(events.filter((e) => e === 'Products Searched')).toHaveLength(2);
  expect(events).toEqual(
    expect.arrayContaining([
      'Newsletter Signed Up',
      'page:Newsletter Confirmation',
      'page:Search Results',
      'Payment Info Entered',
      'Order Completed',
    ]),
  );
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (typeof value !== 'string') continue;
      for (const leak of LEAKS) {
        expect(value, `${column} of ${row.event ?? row.type} ${row.message_id}`).not.toMatch(leak);
      }
    }
  }
});
