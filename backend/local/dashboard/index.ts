import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LakeRow } from '@clickstream/contract';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  ANALYTICS_QUERIES,
  type AnalyticsQuery,
  type DateRange,
  runAnalyticsQuery,
} from '../../analytics/analytics-query';
import { countRejected } from './count-rejected';
import { DASHBOARD_HTML } from './dashboard-html';

export interface DashboardDeps {
  /** The runtime's data folder: its lake and dead-letter store. */
  readonly dataDir: string;
  /** The newest lake rows, newest first (the lake pipeline's `recent`); no live feed without it. */
  readonly recent?: (limit: number) => readonly LakeRow[];
  /**
   * How often the live feed looks for new rows, ms.
   * @default 1000
   */
  readonly liveIntervalMs?: number;
}

const require = createRequire(import.meta.url);
const UPLOT_DIR = join(require.resolve('uplot/package.json'), '..', 'dist');
const ASSETS: Readonly<Record<string, readonly [file: string, type: string]>> = {
  'uplot.js': [join(UPLOT_DIR, 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8'],
  'uplot.css': [join(UPLOT_DIR, 'uPlot.min.css'), 'text/css; charset=utf-8'],
  'dashboard.js': [
    join(import.meta.dirname, 'dashboard-client.js'),
    'text/javascript; charset=utf-8',
  ],
};

/** The fields of a row the live feed shows: no properties, no user agent, no IP. */
const liveRow = (r: LakeRow) => ({
  message_id: r.message_id,
  received_at: r.received_at,
  type: r.type,
  event: r.event,
  page_path: r.page_path,
  user_id: r.user_id,
});

/**
 * The local dashboard as a Hono sub-app: the page at `/dashboard`, the analysts' queries as
 * JSON at `/dashboard/api/<query>?from=YYYY-MM-DD&to=YYYY-MM-DD` (the same `.sql` files as
 * `npm run query` and Athena), rejected events by reason at `/dashboard/api/rejected`, and
 * the live feed as server-sent events at `/dashboard/live`.
 *
 * @param deps - the data folder and the lake's recent rows
 * @returns routes to mount on the runtime's app: `app.route('/', dashboardRoutes(deps))`
 * @example app.route('/', dashboardRoutes({ dataDir: '.data', recent: (n) => lake.recent(n) }))
 * @see docs/analytics.md "The dashboard"
 */
export function dashboardRoutes(deps: DashboardDeps): Hono {
  const app = new Hono();
  const interval = deps.liveIntervalMs ?? 1000;

  app.get('/dashboard', (c) => c.html(DASHBOARD_HTML));

  app.get('/dashboard/assets/:file', async (c) => {
    const asset = ASSETS[c.req.param('file')];
    if (!asset) return c.notFound();
    return c.body(await readFile(asset[0]), 200, {
      'content-type': asset[1],
      'cache-control': 'no-cache',
    });
  });

  app.get('/dashboard/api/rejected', async (c) => c.json(await countRejected(deps.dataDir)));

  app.get('/dashboard/api/:query', async (c) => {
    const name = c.req.param('query');
    if (!(ANALYTICS_QUERIES as readonly string[]).includes(name)) {
      return c.json({ error: `no query ${name}; one of ${ANALYTICS_QUERIES.join(', ')}` }, 404);
    }
    const from = c.req.query('from');
    const to = c.req.query('to');
    let range: DateRange | undefined;
    if (from || to) {
      if (!from || !to) return c.json({ error: 'give both from and to (YYYY-MM-DD)' }, 400);
      range = { fromDay: from, toDay: to };
    }
    try {
      return c.json(await runAnalyticsQuery(deps.dataDir, name as AnalyticsQuery, range));
    } catch (err) {
      if (err instanceof RangeError) return c.json({ error: err.message }, 400);
      throw err;
    }
  });

  app.get('/dashboard/live', (c) =>
    streamSSE(c, async (stream) => {
      const seen = new Set<string>();
      let first = true;
      while (!stream.aborted) {
        const rows = deps.recent?.(50) ?? [];
        const fresh = rows.filter((r) => !seen.has(r.message_id));
        for (const r of rows) seen.add(r.message_id);
        // Bounded: remember only what the lake still returns as recent.
        if (seen.size > 5_000)
          for (const id of [...seen].slice(0, seen.size - 1_000)) seen.delete(id);
        if (fresh.length > 0 || first) {
          await stream.writeSSE({ event: 'rows', data: JSON.stringify(fresh.map(liveRow)) });
          first = false;
        }
        await stream.sleep(interval);
      }
    }),
  );

  return app;
}
