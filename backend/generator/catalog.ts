/**
 * The synthetic shop: its pages, products, traffic sources and visitors' devices. Small
 * lookup tables, so the direct-to-lake writer passes indexes, not strings (write-lake.ts).
 */

/** Every page lives on this origin. */
export const SHOP_ORIGIN = 'https://shop.example.com';

export interface Page {
  readonly path: string;
  readonly title: string;
  /** Typical largest contentful paint, ms: heavy pages are slower (drives Web Vitals). */
  readonly lcpMs: number;
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly brand: string;
  /** Price in cents, so revenue sums are exact. */
  readonly priceCents: number;
  /** Index of its page in `PAGES`. */
  readonly page: number;
}

const RAW_PRODUCTS = [
  ['espresso-machine', 'Espresso Machine Pro', 'Kitchen', 'Brewster', 34999],
  ['burr-grinder', 'Burr Grinder', 'Kitchen', 'Brewster', 12950],
  ['milk-frother', 'Milk Frother', 'Kitchen', 'Brewster', 3999],
  ['pour-over-kettle', 'Pour-over Kettle', 'Kitchen', 'Kettlebrook', 5490],
  ['coffee-beans-ethiopia', 'Ethiopia Yirgacheffe Beans', 'Coffee', 'Roastery 9', 1650],
  ['coffee-beans-colombia', 'Colombia Huila Beans', 'Coffee', 'Roastery 9', 1490],
  ['travel-mug', 'Travel Mug', 'Outdoor', 'Trailcup', 2499],
  ['camping-stove', 'Camping Stove', 'Outdoor', 'Trailcup', 8900],
  ['cold-brew-jar', 'Cold Brew Jar', 'Kitchen', 'Kettlebrook', 2990],
  ['tea-sampler', 'Tea Sampler', 'Coffee', 'Leaf & Co', 1999],
] as const;

const FIXED_PAGES: readonly Page[] = [
  { path: '/', title: 'Home | Shop', lcpMs: 1900 },
  { path: '/category/kitchen', title: 'Kitchen | Shop', lcpMs: 2300 },
  { path: '/category/coffee', title: 'Coffee | Shop', lcpMs: 2100 },
  { path: '/category/outdoor', title: 'Outdoor | Shop', lcpMs: 2600 },
  { path: '/cart', title: 'Your cart | Shop', lcpMs: 1200 },
  { path: '/checkout', title: 'Checkout | Shop', lcpMs: 1500 },
  { path: '/checkout/confirmation', title: 'Thank you | Shop', lcpMs: 1100 },
  { path: '/blog/brewing-guide', title: 'The brewing guide | Shop', lcpMs: 3400 },
  { path: '/about', title: 'About us | Shop', lcpMs: 1300 },
];

/** Indexes into `PAGES` of the pages with a fixed role. */
export const PAGE = {
  home: 0,
  categories: [1, 2, 3],
  cart: 4,
  checkout: 5,
  confirmation: 6,
  content: [7, 8],
} as const;

export const PAGES: readonly Page[] = [
  ...FIXED_PAGES,
  ...RAW_PRODUCTS.map(([slug, name], i) => ({
    path: `/products/${slug}`,
    title: `${name} | Shop`,
    lcpMs: 2000 + (i % 4) * 450,
  })),
];

export const PRODUCTS: readonly Product[] = RAW_PRODUCTS.map(
  ([slug, name, category, brand, priceCents], i) => ({
    id: `sku-${slug}`,
    name,
    category,
    brand,
    priceCents,
    page: FIXED_PAGES.length + i,
  }),
);

/** External referrers; a page view's referrer index past these points at `PAGES`. */
export const REFERRERS: readonly string[] = [
  'https://www.google.com/',
  'https://www.bing.com/',
  'https://duckduckgo.com/',
  'https://www.facebook.com/',
  'https://news.ycombinator.com/',
  'https://mail.example.net/',
];

export interface Campaign {
  readonly source: string;
  readonly medium: string;
  readonly name: string;
  /** Index into `REFERRERS` of where its visitors come from. */
  readonly referrer: number;
}

export const CAMPAIGNS: readonly Campaign[] = [
  { source: 'newsletter', medium: 'email', name: 'black-friday', referrer: 5 },
  { source: 'google', medium: 'cpc', name: 'espresso-search', referrer: 0 },
  { source: 'facebook', medium: 'social', name: 'autumn-sale', referrer: 3 },
  { source: 'bing', medium: 'cpc', name: 'espresso-search', referrer: 1 },
];

export interface Agent {
  readonly userAgent: string;
  /** What `isbot` says about it; checked against the real ingest in the tests. */
  readonly bot: boolean;
}

export const AGENTS: readonly Agent[] = [
  {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    bot: false,
  },
  {
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Safari/605.1.15',
    bot: false,
  },
  {
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 19_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Mobile/15E148 Safari/604.1',
    bot: false,
  },
  {
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:146.0) Gecko/20100101 Firefox/146.0',
    bot: false,
  },
  {
    userAgent:
      'Mozilla/5.0 (Linux; Android 16; Pixel 10) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
    bot: false,
  },
  {
    userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    bot: true,
  },
  {
    userAgent: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
    bot: true,
  },
];

/** Indexes into `AGENTS`. */
export const HUMAN_AGENTS = [0, 1, 2, 3, 4] as const;
export const BOT_AGENTS = [5, 6] as const;

export interface Locale {
  readonly locale: string;
  readonly timezone: string;
  readonly currency: string;
}

export const LOCALES: readonly Locale[] = [
  { locale: 'en-US', timezone: 'America/New_York', currency: 'USD' },
  { locale: 'de-DE', timezone: 'Europe/Berlin', currency: 'EUR' },
  { locale: 'fr-FR', timezone: 'Europe/Paris', currency: 'EUR' },
  { locale: 'en-GB', timezone: 'Europe/London', currency: 'GBP' },
];

export const SCREENS: readonly (readonly [width: number, height: number])[] = [
  [1920, 1080],
  [1366, 768],
  [1440, 900],
  [2560, 1440],
  [390, 844],
  [412, 915],
];

export const LIBRARY = { name: '@clickstream/sdk', version: '0.1.0' } as const;
