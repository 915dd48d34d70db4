import { cartSummary } from './cart.js';

/**
 * Renders the header (logo, navigation, search, cart) and the footer (newsletter, cookie
 * settings, debug panel) into the page's `#site-header` and `#site-footer`.
 *
 * The search box and the newsletter form are plain GET forms, as on many real shops: whatever
 * is typed ends up in the next page's URL. That is the point: a visitor who types an email
 * address there must still never have it stored (the SDK cleans `email` from URLs, the ingest
 * scrubs addresses from every string; e2e/privacy.spec.ts checks the lake).
 *
 * @param {import('../../sdk/src/createClient').Client} client
 * @param {{ active?: 'home' | 'products' | 'cart' | 'checkout' }} [options]
 */
export const mountLayout = (client, { active } = {}) => {
  const query = new URLSearchParams(location.search).get('q') ?? '';
  const header = /** @type {HTMLElement} */ (document.getElementById('site-header'));
  header.className = 'site-header';
  header.innerHTML = `
    <div class="site-header__inner">
      <a class="logo" href="/">Trailhead<span>Supply</span></a>
      <nav aria-label="Main">
        <a href="/" ${active === 'home' ? 'aria-current="page"' : ''}>Home</a>
        <a href="/products.html" ${active === 'products' ? 'aria-current="page"' : ''}>Shop</a>
      </nav>
      <form class="search" action="/products.html" method="get" role="search">
        <label class="visually-hidden" for="search">Search products</label>
        <input id="search" name="q" type="search" placeholder="Search products" autocomplete="off">
        <button type="submit" class="button button--small">Search</button>
      </form>
      <a class="cart-link" href="/cart.html" ${active === 'cart' ? 'aria-current="page"' : ''}>
        Cart <span class="cart-link__count" data-cart-count></span>
      </a>
    </div>`;
  /** @type {HTMLInputElement} */ (header.querySelector('#search')).value = query;

  const footer = /** @type {HTMLElement} */ (document.getElementById('site-footer'));
  footer.className = 'site-footer';
  footer.innerHTML = `
    <div class="site-footer__inner">
      <form class="newsletter" action="/newsletter.html" method="get">
        <label for="newsletter-email"><strong>Trail notes</strong>, our monthly newsletter</label>
        <div class="newsletter__row">
          <input id="newsletter-email" name="email" type="email" required
            placeholder="you@example.com" autocomplete="email">
          <button type="submit" class="button button--small">Subscribe</button>
        </div>
      </form>
      <div class="site-footer__links">
        <button type="button" class="link-button" data-open-consent>Cookie settings</button>
        <button type="button" class="link-button" data-toggle-debug>Debug panel</button>
        <span>Demo shop of <a href="https://github.com/">Clickstream</a>: no real orders.</span>
      </div>
    </div>`;
  /** @type {HTMLFormElement} */ (footer.querySelector('.newsletter')).addEventListener(
    'submit',
    // Only the fact and where it happened are tracked, never the address.
    () => client.track('Newsletter Signed Up', { source: 'footer', list: 'trail-notes' }),
  );
  /** @type {HTMLElement} */ (footer.querySelector('[data-open-consent]')).addEventListener(
    'click',
    () => document.dispatchEvent(new CustomEvent('consent:open')),
  );
  /** @type {HTMLElement} */ (footer.querySelector('[data-toggle-debug]')).addEventListener(
    'click',
    () => document.dispatchEvent(new CustomEvent('debug:toggle')),
  );

  const count = () => {
    const n = cartSummary().count;
    /** @type {HTMLElement} */ (header.querySelector('[data-cart-count]')).textContent = n
      ? String(n)
      : '';
  };
  document.addEventListener('cart:change', count);
  count();
};

/**
 * A product's picture: a coloured tile with its initials (the demo ships no images).
 * @param {import('./catalog.js').Product} p
 */
export const productTile = (p) =>
  `<div class="tile" style="--tile:${p.colour}" aria-hidden="true"><span>${p.name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0])
    .join('')}</span></div>`;

/** @param {string} text - escapes text for innerHTML */
export const escapeHtml = (text) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
