/**
 * The shop's catalogue. Prices are in EUR; `sku` is what the warehouse knows, `id` is the URL's.
 * @typedef {{ id: string, sku: string, name: string, brand: string, category: string,
 *   variant: string, price: number, colour: string, blurb: string }} Product
 */

/** @type {readonly Product[]} */
export const PRODUCTS = [
  {
    id: 'trail-runner',
    sku: 'SKU-48213-BLK',
    name: 'Trail Runner GTX',
    brand: 'Northbound',
    category: 'Shoes',
    variant: 'Black / 42',
    price: 129.9,
    colour: '#2f3e46',
    blurb: 'Waterproof trail shoe with a grippy sole for wet rock and muddy switchbacks.',
  },
  {
    id: 'daypack-22',
    sku: 'SKU-51007-OLV',
    name: 'Daypack 22 L',
    brand: 'Northbound',
    category: 'Bags',
    variant: 'Olive',
    price: 74.5,
    colour: '#6b705c',
    blurb: 'A light daypack with a padded laptop sleeve and a rain cover in the lid.',
  },
  {
    id: 'merino-tee',
    sku: 'SKU-30550-NVY',
    name: 'Merino Tee',
    brand: 'Fjellwear',
    category: 'Clothing',
    variant: 'Navy / M',
    price: 59,
    colour: '#264653',
    blurb: 'Soft 150 g merino that stays fresh for days on the trail or in the office.',
  },
  {
    id: 'insulated-bottle',
    sku: 'SKU-77102-SND',
    name: 'Insulated Bottle 750 ml',
    brand: 'Kettle & Co',
    category: 'Accessories',
    variant: 'Sand',
    price: 32,
    colour: '#d4a373',
    blurb: 'Keeps coffee hot for 12 hours and water cold for 24. Dishwasher safe.',
  },
  {
    id: 'rain-shell',
    sku: 'SKU-40318-RED',
    name: 'Rain Shell Jacket',
    brand: 'Fjellwear',
    category: 'Clothing',
    variant: 'Red / L',
    price: 189,
    colour: '#bc4749',
    blurb: 'Three-layer shell that packs into its own pocket. Taped seams, pit zips.',
  },
  {
    id: 'headlamp',
    sku: 'SKU-90021-GRY',
    name: 'Headlamp 400',
    brand: 'Lumen',
    category: 'Accessories',
    variant: 'Grey',
    price: 44.95,
    colour: '#52796f',
    blurb: 'USB-C rechargeable, 400 lumens, red night mode, 60 g.',
  },
];

/** The shop's currency: every price above is in it. */
export const CURRENCY = 'EUR';

/**
 * @param {string | null} id - the product id from the URL
 * @returns {Product | undefined}
 */
export const findProduct = (id) => PRODUCTS.find((p) => p.id === id);

/** @param {number} amount */
export const money = (amount) =>
  new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY }).format(amount);

/**
 * The product as the e-commerce events describe it (Segment's e-commerce spec names).
 * @param {Product} p
 * @param {number} [quantity]
 */
export const productProperties = (p, quantity = 1) => ({
  product_id: p.id,
  sku: p.sku,
  name: p.name,
  brand: p.brand,
  category: p.category,
  variant: p.variant,
  price: p.price,
  quantity,
  currency: CURRENCY,
});
