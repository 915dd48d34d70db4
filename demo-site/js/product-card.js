import { findProduct, money, productProperties } from './catalog.js';
import { escapeHtml, productTile } from './layout.js';

/**
 * @param {import('./catalog.js').Product} p
 * @param {number} position - 1-based place in the list, as `Product Clicked` reports it
 */
export const productCard = (p, position) => `
  <li class="card">
    <a class="card__link" href="/product.html?id=${encodeURIComponent(p.id)}" data-product-id="${p.id}"
       data-position="${position}">
      ${productTile(p)}
      <span class="card__brand">${escapeHtml(p.brand)}</span>
      <span class="card__name">${escapeHtml(p.name)}</span>
      <span class="card__price">${money(p.price)}</span>
    </a>
  </li>`;

/**
 * Tracks `Product Clicked` on a card; the link then navigates at once, so this is the event
 * the SDK must hand over while the page goes away (e2e/beacon.spec.ts).
 *
 * @param {import('../../sdk/src/createClient').Client} client
 * @param {HTMLElement} list
 * @param {string} listId
 */
export const trackProductClicks = (client, list, listId) => {
  list.addEventListener('click', (event) => {
    const link = /** @type {HTMLElement} */ (event.target).closest('a[data-product-id]');
    if (!(link instanceof HTMLAnchorElement)) return;
    const product = findProduct(link.dataset.productId ?? null);
    if (!product) return;
    client.track('Product Clicked', {
      ...productProperties(product),
      list_id: listId,
      position: Number(link.dataset.position),
    });
  });
};
