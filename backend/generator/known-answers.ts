import { AGENTS, CAMPAIGNS, PAGES, SHOP_ORIGIN } from './catalog';
import {
  EVENT_NAMES,
  FUNNEL_STEPS,
  type GeneratedEvent,
  KIND,
  WEB_VITALS_EVENT,
} from './generated-event';
import { anonymousIdOf, messageIdOf, userIdOf } from './ids';
import { REFERRER_URLS } from './lake-row-sql';

/**
 * The exact answer to each of the analysts' queries (backend/analytics/*.sql) for what the
 * generator emitted, computed here in plain JavaScript from the events themselves, never
 * through SQL: a query that returns anything else is wrong. Field names are the queries'
 * column names; rows in the queries' order.
 */
export interface KnownAnswers {
  readonly dau: { day: string; dau: number }[];
  readonly retention: { cohort: string; wk: number; users: number }[];
  readonly weeklyActives: { week: string; users: number }[];
  readonly monthlyActives: { month: string; users: number }[];
  readonly sessions: {
    day: string;
    sessions: number;
    avg_session_seconds: number;
    bounce_rate: number;
  }[];
  readonly topPages: { page_path: string; views: number; visitors: number }[];
  readonly topReferrers: { referrer_host: string; visits: number; visitors: number }[];
  readonly utmAttribution: {
    utm_source: string;
    utm_medium: string;
    utm_campaign: string;
    currency: string;
    orders: number;
    revenue: number;
  }[];
  readonly funnel: {
    step: number;
    event: string;
    sessions: number;
    conversion_from_previous: number | null;
    conversion_from_start: number | null;
    avg_seconds_from_previous: number | null;
  }[];
  readonly revenuePerDay: {
    day: string;
    currency: string;
    orders: number;
    revenue: number;
    average_order_value: number;
  }[];
  readonly webVitals: {
    page_path: string;
    metric: string;
    samples: number;
    p75: number;
    rating: 'good' | 'needs-improvement' | 'poor';
  }[];
  /** Events the ingest must reject (send mode): the generator's malformed ones. */
  readonly malformed: number;
  /** Repeated message ids: stored twice at most, counted once. */
  readonly duplicates: number;
}

/** web.dev's thresholds: good up to the first, poor above the second. */
export const WEB_VITALS_THRESHOLDS: Readonly<Record<string, readonly [number, number]>> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

/** Collects events, then answers. */
export interface AnswerBook {
  add(event: GeneratedEvent): void;
  answers(): KnownAnswers;
}

/** Inclusive UTC days of event time, as the queries' date range. */
export interface AnswerRange {
  readonly fromDay: string;
  readonly toDay: string;
}

/** A session of a human visitor. */
interface Visit {
  start: number;
  end: number;
  pageViews: number;
  /** Times of each funnel step's events. */
  steps: number[][];
}

/** The first event of a session with UTM parameters. */
interface Hits {
  count: number;
  visitors: Set<string>;
}

interface Touch {
  time: number;
  messageId: string;
  campaign: number;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayNumber = (day: string): number => Date.parse(day) / DAY_MS;
const byKey = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * An answer book for one seed's traffic.
 *
 * @param seed - the traffic's seed (ids are part of the answers: distinct users)
 * @param range - only events of these days count, as in a query narrowed by `withDateRange`
 * @example const book = createAnswerBook(7); generateTraffic({ seed: 7 }, book.add); book.answers()
 */
export function createAnswerBook(seed: number, range?: AnswerRange): AnswerBook {
  const activeDays = new Map<string, Set<string>>();
  const visits = new Map<string, Visit>();
  const touches = new Map<string, Touch>();
  const pages = new Map<string, Hits>();
  const referrers = new Map<string, Hits>();
  const orders: { visit: string; day: string; currency: string; cents: number }[] = [];
  const vitals = new Map<string, number[]>();
  let malformed = 0;
  let duplicates = 0;

  const add = (e: GeneratedEvent): void => {
    if (e.kind === KIND.malformed) {
      malformed++;
      return;
    }
    if (e.duplicate) {
      duplicates++;
      return;
    }
    const day = dayOf(e.time);
    if (range && (day < range.fromDay || day > range.toDay)) return;
    const userId = e.identified ? userIdOf(seed, e.user) : anonymousIdOf(seed, e.user);
    entryOf(activeDays, userId, () => new Set<string>()).add(day);
    const eventName = EVENT_NAMES[e.kind];
    const visitKey = `${anonymousIdOf(seed, e.user)} ${e.session}`;

    if (e.kind === KIND.orderCompleted) {
      const order = JSON.parse(e.properties ?? '{}') as { revenue: number; currency: string };
      orders.push({
        visit: visitKey,
        day,
        currency: order.currency,
        cents: Math.round(order.revenue * 100),
      });
    }
    if (e.campaign >= 0) {
      // Attribution reads every event, crawlers included (a session's landing page).
      const messageId = messageIdOf(seed, e.seq);
      const t = touches.get(visitKey);
      if (!t || e.time < t.time || (e.time === t.time && messageId < t.messageId)) {
        touches.set(visitKey, { time: e.time, messageId, campaign: e.campaign });
      }
    }
    if (AGENTS[e.agent]?.bot) return;

    let visit = visits.get(visitKey);
    if (!visit) {
      visit = { start: e.time, end: e.time, pageViews: 0, steps: FUNNEL_STEPS.map(() => []) };
      visits.set(visitKey, visit);
    }
    visit.start = Math.min(visit.start, e.time);
    visit.end = Math.max(visit.end, e.time);
    const path = PAGES[e.page]?.path as string;
    if (e.kind === KIND.page) {
      visit.pageViews++;
      countVisitor(pages, path, userId);
      const referrer = e.referrer >= 0 ? (REFERRER_URLS[e.referrer] as string) : undefined;
      const host = referrer?.split('/')[2];
      if (host !== undefined && host !== SHOP_ORIGIN.split('/')[2])
        countVisitor(referrers, host, userId);
    }
    const step = FUNNEL_STEPS.indexOf(eventName as (typeof FUNNEL_STEPS)[number]);
    if (step >= 0) visit.steps[step]?.push(e.time);
    if (eventName === WEB_VITALS_EVENT) {
      const metrics = JSON.parse(e.properties ?? '{}') as Record<string, number>;
      for (const [metric, value] of Object.entries(metrics)) {
        const key = `${path}\n${metric}`;
        const list = vitals.get(key);
        if (list) list.push(value);
        else vitals.set(key, [value]);
      }
    }
  };

  return {
    add,
    answers: () =>
      compile(activeDays, visits, touches, pages, referrers, orders, vitals, malformed, duplicates),
  };
}

/** Counts one more hit of `key` by `userId`. */
function countVisitor(map: Map<string, Hits>, key: string, userId: string): void {
  const entry = entryOf(map, key, () => ({ count: 0, visitors: new Set<string>() }));
  entry.count++;
  entry.visitors.add(userId);
}

function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let entry = map.get(key);
  if (entry === undefined) {
    entry = make();
    map.set(key, entry);
  }
  return entry;
}

function compile(
  activeDays: Map<string, Set<string>>,
  visits: Map<string, Visit>,
  touches: Map<string, Touch>,
  pages: Map<string, Hits>,
  referrers: Map<string, Hits>,
  orders: { visit: string; day: string; currency: string; cents: number }[],
  vitals: Map<string, number[]>,
  malformed: number,
  duplicates: number,
): KnownAnswers {
  const perDay = new Map<string, number>();
  const perWeek = new Map<string, Set<string>>();
  const perMonth = new Map<string, Set<string>>();
  const cohorts = new Map<string, number>();
  for (const [user, days] of activeDays) {
    const sorted = [...days].sort();
    const first = sorted[0] as string;
    const weeks = new Set<number>();
    for (const day of sorted) {
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      addTo(perWeek, mondayOf(day), user);
      addTo(perMonth, `${day.slice(0, 8)}01`, user);
      const wk = Math.floor((dayNumber(day) - dayNumber(first)) / 7);
      if (wk <= 4) weeks.add(wk);
    }
    for (const wk of weeks) {
      const key = `${first} ${wk}`;
      cohorts.set(key, (cohorts.get(key) ?? 0) + 1);
    }
  }

  const sessionDays = new Map<string, { sessions: number; ms: number; bounces: number }>();
  const funnelSessions = [0, 0, 0, 0];
  const funnelMs = [0, 0, 0, 0];
  for (const visit of visits.values()) {
    const day = dayOf(visit.start);
    const entry = sessionDays.get(day) ?? { sessions: 0, ms: 0, bounces: 0 };
    entry.sessions++;
    entry.ms += visit.end - visit.start;
    if (visit.pageViews === 1) entry.bounces++;
    sessionDays.set(day, entry);
    let reached: number | undefined;
    for (let step = 0; step < FUNNEL_STEPS.length; step++) {
      const times = (visit.steps[step] as number[]).filter(
        (t) => reached === undefined || t >= reached,
      );
      if (times.length === 0) break;
      const at = Math.min(...times);
      funnelSessions[step] = (funnelSessions[step] as number) + 1;
      if (reached !== undefined) funnelMs[step] = (funnelMs[step] as number) + at - reached;
      reached = at;
    }
  }

  const attribution = new Map<string, { orders: number; cents: number }>();
  const revenue = new Map<string, { orders: number; cents: number }>();
  for (const order of orders) {
    const c = CAMPAIGNS[touches.get(order.visit)?.campaign ?? -1];
    const key = [
      c?.source ?? '(none)',
      c?.medium ?? '(none)',
      c?.name ?? '(none)',
      order.currency,
    ].join('\n');
    bump(attribution, key, order.cents);
    bump(revenue, `${order.day}\n${order.currency}`, order.cents);
  }

  const first = funnelSessions[0] as number;
  return {
    dau: [...perDay].map(([day, dau]) => ({ day, dau })).sort((a, b) => byKey(b.day, a.day)),
    retention: [...cohorts]
      .map(([key, users]) => {
        const [cohort, wk] = key.split(' ') as [string, string];
        return { cohort, wk: Number(wk), users };
      })
      .sort((a, b) => byKey(a.cohort, b.cohort) || a.wk - b.wk),
    weeklyActives: [...perWeek]
      .map(([week, users]) => ({ week, users: users.size }))
      .sort((a, b) => byKey(a.week, b.week)),
    monthlyActives: [...perMonth]
      .map(([month, users]) => ({ month, users: users.size }))
      .sort((a, b) => byKey(a.month, b.month)),
    sessions: [...sessionDays]
      .map(([day, s]) => ({
        day,
        sessions: s.sessions,
        avg_session_seconds: s.ms / s.sessions / 1000,
        bounce_rate: s.bounces / s.sessions,
      }))
      .sort((a, b) => byKey(a.day, b.day)),
    topPages: [...pages]
      .map(([page_path, p]) => ({ page_path, views: p.count, visitors: p.visitors.size }))
      .sort((a, b) => b.views - a.views || byKey(a.page_path, b.page_path))
      .slice(0, 20),
    topReferrers: [...referrers]
      .map(([referrer_host, r]) => ({ referrer_host, visits: r.count, visitors: r.visitors.size }))
      .sort((a, b) => b.visits - a.visits || byKey(a.referrer_host, b.referrer_host))
      .slice(0, 20),
    utmAttribution: [...attribution]
      .map(([key, a]) => {
        const [utm_source, utm_medium, utm_campaign, currency] = key.split('\n') as [
          string,
          string,
          string,
          string,
        ];
        return {
          utm_source,
          utm_medium,
          utm_campaign,
          currency,
          orders: a.orders,
          revenue: a.cents / 100,
        };
      })
      .sort(
        (a, b) =>
          b.orders - a.orders ||
          byKey(a.utm_source, b.utm_source) ||
          byKey(a.utm_medium, b.utm_medium) ||
          byKey(a.utm_campaign, b.utm_campaign) ||
          byKey(a.currency, b.currency),
      ),
    funnel: FUNNEL_STEPS.map((event, i) => {
      const sessions = funnelSessions[i] as number;
      const previous = i === 0 ? sessions : (funnelSessions[i - 1] as number);
      return {
        step: i + 1,
        event,
        sessions,
        conversion_from_previous: previous === 0 ? null : sessions / previous,
        conversion_from_start: first === 0 ? null : sessions / first,
        avg_seconds_from_previous:
          i === 0 || sessions === 0 ? null : (funnelMs[i] as number) / sessions / 1000,
      };
    }),
    revenuePerDay: [...revenue]
      .map(([key, r]) => {
        const [day, currency] = key.split('\n') as [string, string];
        return {
          day,
          currency,
          orders: r.orders,
          revenue: r.cents / 100,
          average_order_value: r.cents / 100 / r.orders,
        };
      })
      .sort((a, b) => byKey(a.day, b.day) || byKey(a.currency, b.currency)),
    webVitals: [...vitals]
      .map(([key, values]) => {
        const [page_path, metric] = key.split('\n') as [string, string];
        const sorted = [...values].sort((a, b) => a - b);
        // Nearest rank: the smallest value with at least 75% of the samples at or below it.
        const p75 = sorted[Math.ceil(0.75 * sorted.length) - 1] as number;
        const [good, poor] = WEB_VITALS_THRESHOLDS[metric] as readonly [number, number];
        const rating: 'good' | 'needs-improvement' | 'poor' =
          p75 <= good ? 'good' : p75 <= poor ? 'needs-improvement' : 'poor';
        return { page_path, metric, samples: sorted.length, p75, rating };
      })
      .sort((a, b) => byKey(a.page_path, b.page_path) || byKey(a.metric, b.metric)),
    malformed,
    duplicates,
  };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  entryOf(map, key, () => new Set<string>()).add(value);
}

function bump(
  map: Map<string, { orders: number; cents: number }>,
  key: string,
  cents: number,
): void {
  const entry = map.get(key) ?? { orders: 0, cents: 0 };
  entry.orders++;
  entry.cents += cents;
  map.set(key, entry);
}

/** The Monday of a day's ISO week, as `date_trunc('week', day)`. */
function mondayOf(day: string): string {
  const n = dayNumber(day);
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7;
  return dayOf((n - weekday) * DAY_MS);
}
