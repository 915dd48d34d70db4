import type { Page } from '@playwright/test';

/** What a visitor types where it must never be stored (e2e/privacy.spec.ts). */
export const VISITOR = {
  email: 'jane.doe+shop@example.org',
  card: '4242 4242 4242 4242',
} as const;

/** Clicks "Accept all" in the consent banner. */
export const acceptAll = async (page: Page): Promise<void> => {
  await page
    .getByRole('dialog', { name: 'Cookie consent' })
    .getByRole('button', { name: 'Accept all' })
    .click();
};

/** Opens a product page and adds it to the cart. */
export const addToCart = async (page: Page, productId: string, quantity = 1): Promise<void> => {
  await page.goto(`/product.html?id=${productId}`);
  await page.getByLabel('Quantity').selectOption(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByText('Added to your cart').waitFor();
};

/**
 * From the cart through the single-page checkout to the confirmation.
 * @returns the order id the confirmation shows
 */
export const checkout = async (page: Page): Promise<string> => {
  await page.goto('/cart.html');
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByLabel('Email').fill(VISITOR.email);
  await page.getByLabel('Full name').fill('Jane Doe');
  await page.getByLabel('Address').fill('12 Harbour Road');
  await page.getByLabel('Postcode').fill('D02 X285');
  await page.getByLabel('City').fill('Dublin');
  await page.getByLabel('Country').selectOption('DE');
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.getByLabel('Card number').fill(VISITOR.card);
  await page.getByLabel('Expiry').fill('12/29');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: /Place order/ }).click();
  return (await page.locator('[data-order-id]').textContent()) ?? '';
};
