import {
  BOT_AGENTS,
  CAMPAIGNS,
  HUMAN_AGENTS,
  LOCALES,
  PAGE,
  PAGES,
  PRODUCTS,
  REFERRERS,
  SCREENS,
} from './catalog';
import { type GeneratedEvent, KIND, type Kind } from './generated-event';
import { createRandom, type Random } from './random';

export interface TrafficOptions {
  /**
   * Same seed, same traffic: every id, time and property.
   * @default 1
   */
  readonly seed?: number;
  /**
   * First day of traffic, UTC, `YYYY-MM-DD`.
   * @default '2026-10-01'
   */
  readonly startDay?: string;
  /**
   * Days of traffic: enough for a 4-week retention curve by default.
   * @default 35
   */
  readonly days?: number;
  /**
   * New visitors arriving each day; the returning ones follow the retention curve.
   * @default 100
   */
  readonly newUsersPerDay?: number;
  /**
   * Stop once this many events (duplicates and malformed ones included) were emitted; the
   * current session is finished first.
   * @default Infinity
   */
  readonly maxEvents?: number;
  /**
   * Share of new visitors that are crawlers (bot user agents, page views only).
   * @default 0.03
   */
  readonly botShare?: number;
  /**
   * Share of sessions that also send one event breaking the contract.
   * @default 0.02
   */
  readonly malformedShare?: number;
  /**
   * Share of events sent twice with the same message id, as an SDK retry does.
   * @default 0.01
   */
  readonly duplicateShare?: number;
}

/** What was emitted. */
export interface TrafficSummary {
  /** Events that reach the lake, duplicates not counted. */
  readonly events: number;
  readonly duplicates: number;
  readonly malformed: number;
  readonly users: number;
  readonly sessions: number;
}

const DAY_MS = 86_400_000;
/** Visits per hour of the UTC day, a typical European shop's curve. */
const HOUR_WEIGHTS = [
  1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 9, 9, 9, 10, 11, 12, 12, 10, 7, 4, 2,
] as const;
const HOURS = HOUR_WEIGHTS.map((_, h) => h);

interface User {
  readonly index: number;
  readonly firstDay: number;
  readonly bot: boolean;
  readonly agent: number;
  readonly locale: number;
  readonly screen: number;
  /** Scales the retention curve: casual, regular and loyal visitors. */
  readonly engagement: number;
  /** Will log in at some point. */
  readonly identifies: boolean;
  identified: boolean;
}

/**
 * Generates a shop's clickstream, deterministically from a seed: visitors arriving every day
 * and returning by a power-law retention curve, sessions of page views from search, social,
 * campaigns (UTM) or direct, the funnel `Product Viewed` → `Product Added` →
 * `Checkout Started` → `Order Completed` with drop-off at each step, logins (`identify`), Web
 * Vitals once per page, crawlers, malformed events and SDK retries (duplicate message ids).
 *
 * @param options - seed, period, volume and the shares of bots, malformed events and duplicates
 * @param emit - called with each event, in generation order (by day, visitor, session)
 * @returns counts of what was emitted
 * @example generateTraffic({ seed: 7, days: 14 }, (e) => rows.push(e))
 */
export function generateTraffic(
  options: TrafficOptions,
  emit: (event: GeneratedEvent) => void,
): TrafficSummary {
  const traffic = createTraffic(options);
  while (traffic.nextDay(emit)) {
    // Each call generates one more day.
  }
  return traffic.summary();
}

/** Traffic generated one day at a time, so a writer can overlap generating and writing. */
export interface Traffic {
  /**
   * Generates the next day's events.
   * @returns `false` once every day was generated (or `maxEvents` reached): nothing was emitted
   */
  nextDay(emit: (event: GeneratedEvent) => void): boolean;
  /**
   * Epoch ms before which no later call to `nextDay` emits an event (every event of a day
   * happens on or after that day's start), so a writer knows which receive hours are complete.
   */
  watermark(): number;
  summary(): TrafficSummary;
}

/**
 * The day-by-day form of {@link generateTraffic}: same options, same events in the same order.
 *
 * @param options - seed, period, volume and the shares of bots, malformed events and duplicates
 * @example const t = createTraffic({ seed: 7 }); while (t.nextDay(write)) await flush();
 */
export function createTraffic(options: TrafficOptions): Traffic {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 2^32-1, got ${seed}`);
  }
  const start = Date.parse(`${options.startDay ?? '2026-10-01'}T00:00:00.000Z`);
  if (Number.isNaN(start)) throw new RangeError(`startDay must be YYYY-MM-DD`);
  const days = options.days ?? 35;
  const newUsersPerDay = options.newUsersPerDay ?? 100;
  const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
  const botShare = options.botShare ?? 0.03;
  const malformedShare = options.malformedShare ?? 0.02;
  const duplicateShare = options.duplicateShare ?? 0.01;
  const rnd = createRandom(seed);

  const users: User[] = [];
  let seq = 0;
  let emitted = 0;
  let events = 0;
  let duplicates = 0;
  let malformed = 0;
  let sessions = 0;
  let orders = 0;
  let day = 0;
  let emit: (event: GeneratedEvent) => void = () => {};

  const out = (user: User, kind: Kind, fields: EventFields): void => {
    const event: GeneratedEvent = {
      seq: seq++,
      kind,
      user: user.index,
      identified: user.identified,
      session: fields.session,
      time: fields.time,
      flushMs: rnd.between(200, 10_000),
      latencyMs: rnd.between(20, 400),
      page: fields.page,
      referrer: fields.referrer ?? -1,
      campaign: fields.campaign ?? -1,
      agent: user.agent,
      locale: user.locale,
      screen: user.screen,
      properties: fields.properties ?? null,
      duplicate: false,
    };
    emit(event);
    emitted++;
    if (kind === KIND.malformed) {
      malformed++;
      return;
    }
    events++;
    if (rnd.chance(duplicateShare)) {
      // A retry after a lost response: same message id, sent again up to two hours later.
      emit({ ...event, flushMs: event.flushMs + rnd.between(30_000, 7_200_000), duplicate: true });
      emitted++;
      duplicates++;
    }
  };

  const visit = (user: User, dayStart: number): void => {
    const session = dayStart + rnd.weighted(HOURS, HOUR_WEIGHTS) * 3_600_000 + rnd.int(3_600_000);
    sessions++;
    let time = session;
    // Each page's Web Vitals are reported when it is left (page hide), before the next one.
    let shownPage = -1;
    let shownAt = 0;
    const leavePage = (at: number) => {
      if (shownPage < 0 || user.bot || !rnd.chance(0.6)) return;
      out(user, KIND.webVitals, {
        session,
        time: Math.max(shownAt + 1, at - 1 - rnd.int(1_000)),
        page: shownPage,
        properties: webVitals(rnd, PAGES[shownPage]?.lcpMs ?? 2_000),
      });
    };
    const view = (page: number, referrer: number, campaign = -1, gapMs = readingTime(rnd)) => {
      if (shownPage >= 0) time += gapMs;
      const at = time;
      leavePage(at);
      out(user, KIND.page, { session, time: at, page, referrer, campaign });
      shownPage = page;
      shownAt = at;
    };
    const track = (kind: Kind, properties: string) => {
      time += 300 + rnd.int(2_000);
      out(user, kind, { session, time, page: shownPage, properties });
    };
    const internal = () => (shownPage < 0 ? -1 : REFERRERS.length + shownPage);

    if (rnd.chance(malformedShare)) out(user, KIND.malformed, { session, time, page: PAGE.home });

    const { referrer, campaign } = source(rnd, user.bot);
    const landing = user.bot
      ? rnd.int(PAGES.length)
      : rnd.weighted(
          [PAGE.home, rnd.int(PAGES.length), PAGE.content[rnd.int(PAGE.content.length)] as number],
          [5, 4, 1],
        );
    view(landing, referrer, campaign);

    if (user.bot) {
      // A crawler walks many pages quickly.
      const pages = rnd.between(3, 25);
      for (let i = 0; i < pages; i++)
        view(rnd.int(PAGES.length), internal(), -1, rnd.between(500, 3_000));
      return;
    }
    if (user.identifies && !user.identified && rnd.chance(0.15)) identify(user, track);

    const currency = LOCALES[user.locale]?.currency ?? 'EUR';
    if (rnd.chance(0.45)) {
      // Shopping: look at products, add some, maybe buy.
      const cart: { product: number; quantity: number }[] = [];
      const cartId = `cart-${seed.toString(16)}-${user.index.toString(16)}-${sessions.toString(16)}`;
      const looks = 1 + Math.min(4, Math.floor(rnd.exponential(1)));
      for (let i = 0; i < looks; i++) {
        if (rnd.chance(0.5)) view(PAGE.categories[rnd.int(3)] as number, internal());
        const product = rnd.int(PRODUCTS.length);
        const p = PRODUCTS[product] as (typeof PRODUCTS)[number];
        view(p.page, internal());
        track(KIND.productViewed, productViewed(p, currency));
        if (rnd.chance(0.3)) {
          const quantity = rnd.chance(0.8) ? 1 : 2;
          cart.push({ product, quantity });
          track(KIND.productAdded, productAdded(p, quantity, currency, cartId));
        }
      }
      if (cart.length > 0 && rnd.chance(0.65)) {
        view(PAGE.cart, internal());
        view(PAGE.checkout, internal());
        if (user.identifies && !user.identified) identify(user, track);
        track(KIND.checkoutStarted, checkoutStarted(cart, currency, cartId));
        if (rnd.chance(0.7)) {
          view(PAGE.confirmation, internal());
          const orderId = `ord-${seed.toString(16)}-${(orders++).toString(16)}`;
          track(KIND.orderCompleted, orderCompleted(cart, currency, orderId));
        }
      }
    } else {
      const pages = Math.min(12, Math.floor(rnd.exponential(1.6)));
      for (let i = 0; i < pages; i++) {
        const page = rnd.weighted(
          [PAGE.home, PAGE.categories[rnd.int(3)] as number, PAGE.content[rnd.int(2)] as number],
          [2, 5, 2],
        );
        view(page, internal());
      }
    }
    leavePage(time + 1_000 + Math.round(rnd.exponential(20_000)));
  };

  return {
    nextDay(sink) {
      if (day >= days || emitted >= maxEvents) return false;
      emit = sink;
      const dayStart = start + day * DAY_MS;
      for (let i = 0; i < newUsersPerDay; i++) {
        const bot = rnd.chance(botShare);
        users.push({
          index: users.length,
          firstDay: day,
          bot,
          agent: bot
            ? (BOT_AGENTS[rnd.int(BOT_AGENTS.length)] as number)
            : (HUMAN_AGENTS[rnd.int(HUMAN_AGENTS.length)] as number),
          locale: rnd.weighted([0, 1, 2, 3], [4, 3, 1, 2]),
          screen: rnd.int(SCREENS.length),
          engagement: rnd.weighted([0.4, 1, 2.2], [5, 4, 1]),
          identifies: !bot && rnd.chance(0.35),
          identified: false,
        });
      }
      for (const user of users) {
        if (emitted >= maxEvents) break;
        const age = day - user.firstDay;
        if (age < 0) break;
        // Day 0 always; then a power-law decay, the shape of most products' retention curves.
        if (age > 0 && !rnd.chance(Math.min(1, 0.3 * user.engagement * age ** -0.5))) continue;
        const visits = rnd.chance(0.2) ? 2 : 1;
        for (let v = 0; v < visits; v++) visit(user, dayStart);
      }
      day++;
      return true;
    },
    watermark: () => start + day * DAY_MS,
    summary: () => ({ events, duplicates, malformed, users: users.length, sessions }),
  };
}

interface EventFields {
  readonly session: number;
  readonly time: number;
  readonly page: number;
  readonly referrer?: number;
  readonly campaign?: number;
  readonly properties?: string;
}

function identify(user: User, track: (kind: Kind, properties: string) => void): void {
  user.identified = true;
  track(KIND.identify, JSON.stringify({ plan: user.engagement > 1 ? 'member' : 'free' }));
}

/** Time spent on a page before the next one, ms. */
const readingTime = (rnd: Random): number => 4_000 + Math.round(rnd.exponential(35_000));

function source(rnd: Random, bot: boolean): { referrer: number; campaign: number } {
  if (bot) return { referrer: -1, campaign: -1 };
  const kind = rnd.weighted(['direct', 'search', 'social', 'campaign'] as const, [35, 30, 10, 25]);
  if (kind === 'direct') return { referrer: -1, campaign: -1 };
  if (kind === 'search') return { referrer: rnd.int(3), campaign: -1 };
  if (kind === 'social') return { referrer: 3 + rnd.int(2), campaign: -1 };
  const campaign = rnd.int(CAMPAIGNS.length);
  return { referrer: CAMPAIGNS[campaign]?.referrer ?? -1, campaign };
}

const money = (cents: number): number => cents / 100;

function productViewed(p: (typeof PRODUCTS)[number], currency: string): string {
  return JSON.stringify({
    product_id: p.id,
    name: p.name,
    price: money(p.priceCents),
    currency,
    category: p.category,
    brand: p.brand,
  });
}

function productAdded(
  p: (typeof PRODUCTS)[number],
  quantity: number,
  currency: string,
  cartId: string,
): string {
  return JSON.stringify({
    product_id: p.id,
    quantity,
    price: money(p.priceCents),
    currency,
    cart_id: cartId,
  });
}

const items = (cart: readonly { product: number; quantity: number }[]) =>
  cart.map(({ product, quantity }) => {
    const p = PRODUCTS[product] as (typeof PRODUCTS)[number];
    return { product_id: p.id, quantity, price: money(p.priceCents) };
  });

const totalCents = (cart: readonly { product: number; quantity: number }[]) =>
  cart.reduce(
    (sum, { product, quantity }) => sum + (PRODUCTS[product]?.priceCents ?? 0) * quantity,
    0,
  );

function checkoutStarted(
  cart: readonly { product: number; quantity: number }[],
  currency: string,
  cartId: string,
): string {
  return JSON.stringify({
    cart_id: cartId,
    value: money(totalCents(cart)),
    currency,
    items: items(cart),
  });
}

function orderCompleted(
  cart: readonly { product: number; quantity: number }[],
  currency: string,
  orderId: string,
): string {
  return JSON.stringify({
    order_id: orderId,
    revenue: money(totalCents(cart)),
    currency,
    items: items(cart),
  });
}

/** One page's metrics as the web-vitals library reports them: ms, CLS unitless, INP only after an interaction. */
function webVitals(rnd: Random, lcpMedian: number): string {
  const lcp = Math.round(rnd.logNormal(lcpMedian, 0.45));
  const fcp = Math.round(lcp * (0.45 + rnd.next() * 0.35));
  const ttfb = Math.min(fcp - 1, Math.round(rnd.logNormal(350, 0.6)));
  const cls = Math.round(rnd.logNormal(0.03, 1.1) * 10_000) / 10_000;
  const metrics: Record<string, number> = { LCP: lcp, FCP: fcp, TTFB: Math.max(1, ttfb), CLS: cls };
  if (rnd.chance(0.7)) metrics.INP = Math.round(rnd.logNormal(150, 0.6));
  return JSON.stringify(metrics);
}
