import { CURRENCY, findProduct, productProperties } from './catalog.js';

// The shop's own cart (not the SDK's storage): a real shop keeps it server-side or in a cookie.
const KEY = 'shop.cart';

/** @typedef {{ id: string, quantity: number }} Line */

/** @returns {{ cartId: string, lines: Line[] }} */
export const readCart = () => {
  try {
    const cart = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (cart && Array.isArray(cart.lines)) return cart;
  } catch {
    // A corrupt or unavailable cart starts empty.
  }
  return { cartId: `cart_${crypto.randomUUID().slice(0, 8)}`, lines: [] };
};

/** @param {{ cartId: string, lines: Line[] }} cart */
const save = (cart) => {
  try {
    localStorage.setItem(KEY, JSON.stringify(cart));
  } catch {
    // Private mode: the cart lives for this page only.
  }
  document.dispatchEvent(new CustomEvent('cart:change'));
};

/**
 * @param {string} id
 * @param {number} [quantity]
 * @returns the cart after the change
 */
export const addToCart = (id, quantity = 1) => {
  const cart = readCart();
  const line = cart.lines.find((l) => l.id === id);
  if (line) line.quantity += quantity;
  else cart.lines.push({ id, quantity });
  save(cart);
  return cart;
};

/** @param {string} id */
export const removeFromCart = (id) => {
  const cart = readCart();
  cart.lines = cart.lines.filter((l) => l.id !== id);
  save(cart);
};

export const clearCart = () => save({ ...readCart(), lines: [] });

/** Lines with their products, subtotal and item count; lines of retired products are skipped. */
export const cartSummary = () => {
  const cart = readCart();
  const items = cart.lines.flatMap((l) => {
    const product = findProduct(l.id);
    return product ? [{ product, quantity: l.quantity }] : [];
  });
  const subtotal = round(items.reduce((sum, i) => sum + i.product.price * i.quantity, 0));
  const count = items.reduce((sum, i) => sum + i.quantity, 0);
  return { cartId: cart.cartId, items, subtotal, count, currency: CURRENCY };
};

/** @param {ReturnType<typeof cartSummary>['items']} items */
export const itemProperties = (items) => items.map((i) => productProperties(i.product, i.quantity));

/** @param {number} n - rounds money to cents */
export const round = (n) => Math.round(n * 100) / 100;
