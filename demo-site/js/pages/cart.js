import { startAnalytics } from '../analytics.js';
import { cartSummary, itemProperties, removeFromCart } from '../cart.js';
import { money, productProperties } from '../catalog.js';
import { escapeHtml, mountLayout, productTile } from '../layout.js';

const client = window.clickstream;
startAnalytics(client);
mountLayout(client, { active: 'cart' });
client.page('Cart');

const main = /** @type {HTMLElement} */ (document.getElementById('cart'));
const summary = cartSummary();
client.track('Cart Viewed', {
  cart_id: summary.cartId,
  value: summary.subtotal,
  currency: summary.currency,
  products: itemProperties(summary.items),
});

const render = () => {
  const { items, subtotal } = cartSummary();
  if (!items.length) {
    main.innerHTML = `<h1>Your cart</h1><p class="empty">Your cart is empty.
      <a href="/products.html">Find something for your next trip</a>.</p>`;
    return;
  }
  main.innerHTML = `
    <h1>Your cart</h1>
    <ul class="cart-lines">
      ${items
        .map(
          ({ product, quantity }) => `
        <li class="cart-line">
          ${productTile(product)}
          <div>
            <a href="/product.html?id=${product.id}">${escapeHtml(product.name)}</a>
            <p class="muted">${escapeHtml(product.variant)} · ${quantity} × ${money(product.price)}</p>
          </div>
          <strong>${money(product.price * quantity)}</strong>
          <button type="button" class="link-button" data-remove="${product.id}">Remove</button>
        </li>`,
        )
        .join('')}
    </ul>
    <div class="cart-total">
      <span>Subtotal</span><strong>${money(subtotal)}</strong>
    </div>
    <a class="button button--wide" href="/checkout.html">Checkout</a>`;
};
main.addEventListener('click', (event) => {
  const id = /** @type {HTMLElement} */ (event.target)
    .closest('[data-remove]')
    ?.getAttribute('data-remove');
  if (!id) return;
  const line = cartSummary().items.find((i) => i.product.id === id);
  removeFromCart(id);
  if (line) {
    client.track('Product Removed', {
      cart_id: summary.cartId,
      ...productProperties(line.product, line.quantity),
    });
  }
  render();
});
render();
