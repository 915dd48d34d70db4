import { gunzipSync, inflateSync } from 'node:zlib';
import type { BrowserContext, Request, Route } from '@playwright/test';

/** What the route does with one ingest request. */
export type Fault = 'pass' | 'http-503' | 'network-error';

/** One request to `POST /v1/batch` as the browser made it. */
export interface IngestRequest {
  /** ms since the recorder started */
  readonly at: number;
  readonly fault: Fault;
  /** The server's status for passed requests, once known. */
  status?: number;
  readonly messageIds: readonly string[];
}

/**
 * Every `fetch` the SDK makes to the collector, recorded and, on demand, failed: the route
 * helper of the suite (Plausible's `test/support/test-utils.js` pattern). Passed requests
 * go to the real server unchanged (`route.continue()`).
 *
 * Chromium hands `navigator.sendBeacon` to the network stack outside the page, and Playwright
 * neither routes nor reports those requests: beacons always reach the server and never appear
 * here. Assertions about delivery therefore read the lake, not this log.
 */
export class IngestTraffic {
  readonly requests: IngestRequest[] = [];
  /** Decides each request's fate; `n` counts requests from 0. @default always 'pass' */
  fault: (n: number) => Fault = () => 'pass';
  /** Epoch ms when recording began; each request's `at` counts from it. */
  readonly started = Date.now();

  /**
   * @param context - the browser context whose ingest requests to route
   * @returns the recorder
   */
  static async attach(context: BrowserContext): Promise<IngestTraffic> {
    const traffic = new IngestTraffic();
    await context.route('**/v1/batch*', (route) => traffic.#handle(route));
    return traffic;
  }

  /** Message ids in requests the server answered with 2xx, one entry per copy. */
  deliveredIds(): string[] {
    return this.requests
      .filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300)
      .flatMap((r) => r.messageIds);
  }

  /** A one-line-per-request summary, attached to failed tests. */
  toString(): string {
    return this.requests
      .map(
        (r) =>
          `+${r.at}ms ${r.fault}${r.status ? ` → ${r.status}` : ''} ${r.messageIds.length} events`,
      )
      .join('\n');
  }

  async #handle(route: Route): Promise<void> {
    const request = route.request();
    const fault = this.fault(this.requests.length);
    const record: IngestRequest = {
      at: Date.now() - this.started,
      fault,
      messageIds: messageIdsOf(request),
    };
    this.requests.push(record);
    if (fault === 'http-503') {
      await route.fulfill({
        status: 503,
        headers: { 'retry-after': '1', 'access-control-allow-origin': '*' },
        body: '{"ok":false}',
      });
    } else if (fault === 'network-error') {
      await route.abort('failed');
    } else {
      // route.fetch() would re-send the body from Node; continuing lets Chromium send its own.
      await route.continue();
      request.response().then(
        (response) => {
          record.status = response?.status();
        },
        () => {
          // The page went away before the answer: the status stays unknown.
        },
      );
    }
  }
}

/** Reads the batch out of a request body (`?enc=gzip|deflate` or plain JSON). */
const messageIdsOf = (request: Request): string[] => {
  const body = request.postDataBuffer();
  if (!body) return [];
  const enc = new URL(request.url()).searchParams.get('enc');
  try {
    const text = (
      enc === 'gzip' ? gunzipSync(body) : enc === 'deflate' ? inflateSync(body) : body
    ).toString('utf8');
    const batch = (JSON.parse(text) as { batch?: { messageId?: string }[] }).batch ?? [];
    return batch.map((e) => String(e.messageId));
  } catch {
    // Not a batch we can read: recorded with no ids; the server's answer says why.
    return [];
  }
};
