import { startAnalytics } from '../analytics.js';
import { addToCart } from '../cart.js';
import { findProduct, money, productProperties } from '../catalog.js';
import { escapeHtml, mountLayout, productTile } from '../layout.js';

const client = window.clickstream;
startAnalytics(client);
mountLayout(client, { active: 'products' });

const product = findProduct(new URLSearchParams(location.search).get('id'));
const main = /** @type {HTMLElement} */ (document.getElementById('product'));

if (!product) {
  document.title = 'Not found · Trailhead Supply';
  client.page('Product Not Found');
  main.innerHTML =
    '<h1>We could not find that product</h1><p><a href="/products.html">Back to the shop</a></p>';
} else {
  document.title = `${product.name} · Trailhead Supply`;
  client.page('Product Detail', { product_id: product.id });
  client.track('Product Viewed', productProperties(product));
  main.innerHTML = `
    <div class="detail__media">${productTile(product)}</div>
    <div class="detail__info">
      <p class="card__brand">${escapeHtml(product.brand)} · ${escapeHtml(product.category)}</p>
      <h1>${escapeHtml(product.name)}</h1>
      <p class="detail__price">${money(product.price)}</p>
      <p>${escapeHtml(product.blurb)}</p>
      <p class="muted">Variant: ${escapeHtml(product.variant)}</p>
      <form class="add-to-cart">
        <label for="quantity">Quantity</label>
        <select id="quantity" name="quantity">
          ${[1, 2, 3, 4, 5].map((n) => `<option>${n}</option>`).join('')}
        </select>
        <button type="submit" class="button">Add to cart</button>
      </form>
      <p class="toast" role="status" hidden>Added to your cart. <a href="/cart.html">View cart</a></p>
    </div>`;
  const form = /** @type {HTMLFormElement} */ (main.querySelector('.add-to-cart'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const quantity = Number(new FormData(form).get('quantity'));
    const cart = addToCart(product.id, quantity);
    client.track('Product Added', {
      cart_id: cart.cartId,
      ...productProperties(product, quantity),
    });
    /** @type {HTMLElement} */ (main.querySelector('.toast')).hidden = false;
  });
}
