// The checkout is a single-page app: three steps on one document, navigated with the history
// API, tracked by the npm (ESM) build with `autoPage` (a page view per step).
import * as clickstream from '@clickstream/sdk';
import { startAnalytics } from '../analytics.js';
import { cartSummary, clearCart, itemProperties, round } from '../cart.js';
import { money } from '../catalog.js';
import { escapeHtml, mountLayout } from '../layout.js';

const STEPS = ['details', 'payment', 'confirmation'];
const TITLES = {
  details: 'Checkout · Trailhead Supply',
  payment: 'Payment · Trailhead Supply',
  confirmation: 'Thank you · Trailhead Supply',
};
const currentStep = () => {
  const step = new URLSearchParams(location.search).get('step') ?? 'details';
  return STEPS.includes(step) ? step : 'details';
};
// Titles change before the URL does: the automatic page view reads the title at that moment.
document.title = TITLES[/** @type {'details'} */ (currentStep())];

const client = clickstream;
startAnalytics(client, { autoPage: true });
mountLayout(client, { active: 'checkout' });

const FREE_SHIPPING_FROM = 100;
const SHIPPING = 4.95;
const VAT = 0.2;
// The last order, for a reload of the confirmation step (the shop's own tab storage).
const ORDER_KEY = 'shop.lastOrder';

const main = /** @type {HTMLElement} */ (document.getElementById('checkout'));
let started = false;

const totals = () => {
  const summary = cartSummary();
  const shipping = summary.subtotal >= FREE_SHIPPING_FROM || !summary.count ? 0 : SHIPPING;
  const total = round(summary.subtotal + shipping);
  return { ...summary, shipping, total, tax: round(total - total / (1 + VAT)) };
};

/** @param {'details' | 'payment' | 'confirmation'} step */
const go = (step) => {
  document.title = TITLES[step];
  history.pushState({ step }, '', `/checkout.html?step=${step}`);
  render();
};

const orderSummary = (/** @type {ReturnType<typeof totals>} */ t) => `
  <aside class="summary">
    <h2>Order summary</h2>
    <ul>
      ${t.items
        .map(
          (i) =>
            `<li><span>${i.quantity} × ${escapeHtml(i.product.name)}</span><span>${money(i.product.price * i.quantity)}</span></li>`,
        )
        .join('')}
    </ul>
    <p><span>Shipping</span><span>${t.shipping ? money(t.shipping) : 'Free'}</span></p>
    <p class="summary__total"><span>Total</span><span>${money(t.total)}</span></p>
    <p class="muted">Includes ${money(t.tax)} VAT</p>
  </aside>`;

const steps = {
  details(/** @type {ReturnType<typeof totals>} */ t) {
    if (!started) {
      started = true;
      client.track('Checkout Started', {
        checkout_id: t.cartId,
        value: t.subtotal,
        revenue: t.subtotal,
        shipping: t.shipping,
        currency: t.currency,
        products: itemProperties(t.items),
      });
    }
    main.innerHTML = `
      <form class="checkout-form" data-step="details">
        <h1>Checkout <small>1 of 2 · Your details</small></h1>
        <label>Email <input name="email" type="email" required autocomplete="email"></label>
        <label>Full name <input name="name" required autocomplete="name"></label>
        <label>Address <input name="address" required autocomplete="street-address"></label>
        <div class="form-row">
          <label>Postcode <input name="postcode" required autocomplete="postal-code"></label>
          <label>City <input name="city" required autocomplete="address-level2"></label>
        </div>
        <label>Country
          <select name="country" autocomplete="country">
            <option value="IE">Ireland</option><option value="DE">Germany</option>
            <option value="FR">France</option><option value="NL">Netherlands</option>
          </select>
        </label>
        <button class="button button--wide" type="submit">Continue to payment</button>
      </form>
      ${orderSummary(t)}`;
    const form = /** @type {HTMLFormElement} */ (main.querySelector('form'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Kept for this tab only, to prefill on "back"; never tracked.
      sessionStorage.setItem('shop.country', String(new FormData(form).get('country')));
      go('payment');
    });
  },

  payment(/** @type {ReturnType<typeof totals>} */ t) {
    main.innerHTML = `
      <form class="checkout-form" data-step="payment">
        <h1>Checkout <small>2 of 2 · Payment</small></h1>
        <label>Card number <input name="card" inputmode="numeric" required autocomplete="cc-number"
          placeholder="1234 5678 9012 3456"></label>
        <div class="form-row">
          <label>Expiry <input name="expiry" required autocomplete="cc-exp" placeholder="MM/YY"></label>
          <label>CVC <input name="cvc" inputmode="numeric" required autocomplete="cc-csc"></label>
        </div>
        <button class="button button--wide" type="submit">Place order · ${money(t.total)}</button>
        <button class="link-button" type="button" data-back>Back to your details</button>
      </form>
      ${orderSummary(t)}`;
    /** @type {HTMLElement} */ (main.querySelector('[data-back]')).addEventListener('click', () =>
      history.back(),
    );
    const form = /** @type {HTMLFormElement} */ (main.querySelector('form'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Only the method is tracked; the card fields stay in the form (a payment provider's
      // iframe in a real shop).
      client.track('Payment Info Entered', { checkout_id: t.cartId, payment_method: 'card' });
      const order = {
        order_id: `ORD-${new Date().getFullYear()}-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
        checkout_id: t.cartId,
        revenue: t.subtotal,
        shipping: t.shipping,
        tax: t.tax,
        total: t.total,
        currency: t.currency,
        items: itemProperties(t.items),
      };
      // The shop creates a customer account at the first order; later events belong to it.
      const customerId = `cust_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
      client.identify(customerId, {
        country: sessionStorage.getItem('shop.country') ?? 'IE',
        orders: 1,
      });
      client.track('Order Completed', order);
      sessionStorage.setItem(ORDER_KEY, JSON.stringify(order));
      clearCart();
      go('confirmation');
    });
  },

  confirmation() {
    const order = JSON.parse(sessionStorage.getItem(ORDER_KEY) ?? 'null');
    main.innerHTML = order
      ? `<section class="confirmation">
          <h1>Thank you for your order</h1>
          <p>Your order number is <strong data-order-id>${escapeHtml(order.order_id)}</strong>.
            We will send a confirmation shortly.</p>
          <p class="summary__total"><span>Total paid</span><span>${money(order.total)}</span></p>
          <a class="button" href="/">Continue shopping</a>
        </section>`
      : '<h1>No order yet</h1><p><a href="/products.html">Back to the shop</a></p>';
  },
};

const render = () => {
  const t = totals();
  const step = currentStep();
  if (step !== 'confirmation' && !t.count) {
    main.innerHTML = `<h1>Checkout</h1><p class="empty">Your cart is empty.
      <a href="/products.html">Back to the shop</a></p>`;
    return;
  }
  main.dataset.step = step;
  steps[/** @type {'details'} */ (step)](t);
};

addEventListener('popstate', render);
render();
