import { startAnalytics } from '../analytics.js';
import { PRODUCTS } from '../catalog.js';
import { escapeHtml, mountLayout } from '../layout.js';
import { productCard, trackProductClicks } from '../product-card.js';

const client = window.clickstream;
startAnalytics(client);
mountLayout(client, { active: 'products' });

const params = new URLSearchParams(location.search);
const query = (params.get('q') ?? '').trim();
const category = params.get('category');
const words = query.toLowerCase().split(/\s+/).filter(Boolean);
const shown = PRODUCTS.filter(
  (p) =>
    (!category || p.category === category) &&
    words.every((w) => `${p.name} ${p.brand} ${p.category}`.toLowerCase().includes(w)),
);

client.page(query ? 'Search Results' : 'Product List', { category: category ?? 'All' });
if (query) {
  // What was searched is useful to the shop; an address typed here by mistake is scrubbed.
  client.track('Products Searched', { query, results: shown.length });
}
const listId = query ? 'search' : (category ?? 'all');
client.track('Product List Viewed', {
  list_id: listId,
  category: category ?? 'All',
  products: shown.map((p, i) => ({
    product_id: p.id,
    sku: p.sku,
    price: p.price,
    position: i + 1,
  })),
});

const heading = /** @type {HTMLElement} */ (document.getElementById('list-title'));
heading.textContent = query ? `Results for “${query}”` : (category ?? 'All products');
const filters = /** @type {HTMLElement} */ (document.getElementById('filters'));
const categories = [...new Set(PRODUCTS.map((p) => p.category))];
filters.innerHTML = ['All', ...categories]
  .map((c) => {
    const href =
      c === 'All' ? '/products.html' : `/products.html?category=${encodeURIComponent(c)}`;
    const current = (category ?? 'All') === c && !query ? 'aria-current="page"' : '';
    return `<a class="chip" href="${href}" ${current}>${escapeHtml(c)}</a>`;
  })
  .join('');
const list = /** @type {HTMLElement} */ (document.getElementById('product-list'));
list.innerHTML = shown.length
  ? shown.map((p, i) => productCard(p, i + 1)).join('')
  : '<li class="empty">Nothing matches. Try “jacket” or “bottle”.</li>';
trackProductClicks(client, list, listId);
