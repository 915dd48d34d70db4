import type { BrowserContext, Page } from '@playwright/test';
import type { IngestTraffic } from './ingestTraffic';

/** What one page's SDK is holding and waiting for: see `SdkTrace.state`. */
export interface SdkState {
  /** `clickstream.stats()`: events dropped so far and queued now. */
  readonly stats: unknown;
  /** Timers armed and not yet fired or cleared: the page's only way to send again by itself. */
  readonly timers: readonly { readonly ms: number; readonly left: number }[];
  /** Requests to the collector not answered yet. */
  readonly fetching: number;
}

interface TraceWindow {
  __csTrace?: (line: string, at?: number) => void;
  __csState?: () => SdkState;
}

/**
 * What the SDK did in every page of a context, as the page saw it: each `fetch` to the
 * collector with the SDK's queue at that moment and the answer, each beacon, each timer armed
 * (a bare install page runs no other script, so these are the SDK's batching, flush-interval and
 * retry timers), and the page's lifecycle and `online` / `offline` events. The ingest route log
 * says what the collector was sent; this says what each page was waiting for, so a stall shows
 * as a page with events queued and no timer or request pending. Only for tests that attach it:
 * it wraps `fetch`, `setTimeout` and `sendBeacon` in every page.
 */
export class SdkTrace {
  readonly #lines: { at: number; line: string }[] = [];
  readonly #origin: number;

  private constructor(origin: number) {
    this.#origin = origin;
  }

  /**
   * @param context - the browser context to trace (every page, every navigation)
   * @param origin - epoch ms that times are printed from, e.g. the ingest recorder's start
   * @returns the trace
   */
  static async attach(context: BrowserContext, origin = Date.now()): Promise<SdkTrace> {
    const trace = new SdkTrace(origin);
    await context.exposeBinding('__csTrace', (_source, line: string, at?: number) => {
      trace.#lines.push({ at: at ?? Date.now(), line });
    });
    await context.addInitScript(instrument);
    return trace;
  }

  /**
   * @param page - a page of the traced context
   * @returns what its SDK holds and waits for now
   */
  static state(page: Page): Promise<SdkState | undefined> {
    return page.evaluate(() => (window as TraceWindow).__csState?.());
  }

  /**
   * @param ingest - the route recorder of the same context, merged in by time
   * @returns one line per page event and per collector request, oldest first
   */
  timeline(ingest?: IngestTraffic): string {
    const lines = [
      ...this.#lines,
      ...(ingest?.requests ?? []).map((r) => ({
        at: ingest?.started === undefined ? 0 : ingest.started + r.at,
        line: `ingest ${r.fault}${r.status ? ` → ${r.status}` : ''} ${r.messageIds.length} events`,
      })),
    ];
    return lines
      .sort((a, b) => a.at - b.at)
      .map(({ at, line }) => `+${at - this.#origin}ms ${line}`)
      .join('\n');
  }
}

/** Runs in each document before its scripts (serialized: it may use nothing from outside). */
const instrument = () => {
  const w = window as unknown as Window & TraceWindow;
  const doc = `${Math.random().toString(36).slice(2, 6)} ${location.search || location.pathname}`;
  // Calls into Node from an unloading page are lost: what happens from `pagehide` on (the
  // SDK's beacons) waits in sessionStorage and is sent by the next document of the tab.
  const LATER = '__csTraceLater';
  let leaving = false;
  const log = (...parts: unknown[]) => {
    const line = `[${doc}] ${parts.join(' ')}`;
    if (!leaving) return void w.__csTrace?.(line);
    const later = JSON.parse(sessionStorage.getItem(LATER) ?? '[]') as [string, number][];
    sessionStorage.setItem(LATER, JSON.stringify([...later, [line, Date.now()]]));
  };
  for (const [line, at] of JSON.parse(sessionStorage.getItem(LATER) ?? '[]') as [
    string,
    number,
  ][]) {
    void w.__csTrace?.(line, at);
  }
  sessionStorage.removeItem(LATER);

  const armed = new Map<number, { ms: number; due: number }>();
  const arm = w.setTimeout.bind(w);
  const disarm = w.clearTimeout.bind(w);
  // biome-ignore lint/suspicious/noExplicitAny: the browser's own overloads, wrapped as they are.
  (w as any).setTimeout = (fn: (...a: unknown[]) => void, ms = 0, ...rest: unknown[]) => {
    const id = arm(() => {
      armed.delete(id);
      if (ms) log(`timer#${id} fired`);
      fn(...rest);
    }, ms);
    armed.set(id, { ms, due: Date.now() + ms });
    if (ms) log(`timer#${id} armed ${Math.round(ms)}ms`);
    return id;
  };
  w.clearTimeout = (id?: number) => {
    if (id !== undefined) armed.delete(id);
    disarm(id);
  };

  const stats = () =>
    JSON.stringify(
      (w as unknown as { clickstream?: { stats?: () => unknown } }).clickstream?.stats?.(),
    );
  const send = w.fetch.bind(w);
  let fetches = 0;
  let fetching = 0;
  w.fetch = async (input, init) => {
    if (!String(input).includes('/v1/batch')) return send(input, init);
    const n = ++fetches;
    fetching++;
    log(`fetch#${n} sent, online=${navigator.onLine}, sdk ${stats()}`);
    try {
      const response = await send(input, init);
      log(`fetch#${n} → ${response.status}`);
      return response;
    } catch (error) {
      log(`fetch#${n} ✗ ${(error as Error).message}, online=${navigator.onLine}`);
      throw error;
    } finally {
      fetching--;
    }
  };
  const beacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url, body) => {
    const ok = beacon(url, body);
    log(`beacon of ${String(body).length} chars → ${ok}`);
    return ok;
  };
  w.__csState = () => ({
    stats: JSON.parse(stats() ?? 'null'),
    timers: [...armed.values()].map(({ ms, due }) => ({ ms, left: due - Date.now() })),
    fetching,
  });

  addEventListener('pagehide', () => {
    leaving = true;
    log('pagehide', `sdk ${stats()}`);
  });
  addEventListener('pageshow', () => {
    leaving = false;
  });
  for (const type of ['online', 'offline']) addEventListener(type, () => log(type));
  log('document start');
};
