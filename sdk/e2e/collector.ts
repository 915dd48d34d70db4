import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { BatchEnvelope } from '@clickstream/contract';
import { test as base, expect } from '@playwright/test';

const dist = new URL('../dist/', import.meta.url);

/** One request the collector received. */
export interface Received {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body?: BatchEnvelope;
  /** For a batch, the page load whose SDK sent it (see `Collector.page`); 1 is the first. */
  load?: number;
  status: number;
}

/** The two ways a site loads the SDK. */
export type Build = 'snippet' | 'esm';

/**
 * A tiny collector on a random port: records every request (gunzipping `enc=gzip` bodies),
 * answers batches by `respond` (default 200), and serves a test page that loads the SDK by
 * the snippet + `dist/clickstream.min.js` or by the ESM build. Pages are served from
 * `127.0.0.1`, batches go to `localhost`: cross-origin, as on real sites.
 */
export class Collector {
  readonly received: Received[] = [];
  /**
   * The status for a batch request, decided by the request itself (e.g. its `load`), never by
   * the order requests arrive in: a page-hide send may land before or after the next page's
   * first send.
   */
  respond: (request: Omit<Received, 'status'>) => number = () => 200;
  /** Headers to send with non-200 answers. */
  headers: Record<string, string> = {};
  private readonly server: Server;
  /** Pages served so far: each page load gets its own endpoint path (see `page`). */
  private loads = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        this.handle(req.method ?? '', req.url ?? '/', req.headers, Buffer.concat(chunks), res),
      );
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * The URL of a test page that loads the SDK with `options`. Every load of it (a reload too)
   * gets the endpoint `http://localhost:{port}/load/{n}`, another origin than the page, so a
   * batch tells which page load sent it: `Received.load` is `n`.
   */
  page(build: Build, options: Record<string, unknown> = {}, path = '/page.html'): string {
    const query = new URLSearchParams({ build, options: JSON.stringify(options) });
    return `http://127.0.0.1:${this.port}${path}?${query}`;
  }

  /** Batch requests, answered or not. */
  get batches(): Received[] {
    return this.received.filter((r) => r.load !== undefined);
  }

  /** Event names (`event` for tracks, `type` otherwise) in batches answered 2xx, in order. */
  delivered(): string[] {
    return this.batches
      .filter((r) => r.status < 300)
      .flatMap((r) => r.body?.batch ?? [])
      .map((e) => (e.type === 'track' ? e.event : e.type));
  }

  /** messageIds in batches answered 2xx, repeats included. */
  deliveredIds(): string[] {
    return this.batches
      .filter((r) => r.status < 300)
      .flatMap((r) => r.body?.batch ?? [])
      .map((e) => e.messageId as string);
  }

  /** Waits until `delivered()` has `count` events. */
  async waitForDelivered(count: number, timeout = 10_000): Promise<void> {
    await expect.poll(() => this.delivered().length, { timeout }).toBeGreaterThanOrEqual(count);
  }

  /** Everything received, for failure output. */
  dump(): string {
    return this.received
      .map((r) => {
        const events = r.body?.batch.map(
          (e) => `${e.type}:${e.type === 'track' ? e.event : ''}:${e.messageId}`,
        );
        return `${r.method} ${r.url.pathname}${r.url.search} → ${r.status} ${r.headers['sec-fetch-mode'] ?? ''} ${events?.join(', ') ?? ''}`;
      })
      .join('\n');
  }

  private handle(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
    res: import('node:http').ServerResponse,
  ): void {
    const url = new URL(path, `http://${headers.host}`);
    const load = url.pathname.match(/^\/load\/(\d+)\/v1\/batch$/)?.[1];
    if (load) {
      let body: BatchEnvelope | undefined;
      try {
        const text = url.searchParams.get('enc') === 'gzip' ? gunzipSync(raw) : raw;
        body = JSON.parse(text.toString('utf8'));
      } catch {
        // Recorded without a body; the test sees it in the dump.
      }
      const request = { method, url, headers, body, load: +load };
      const status = method === 'POST' ? this.respond(request) : 405;
      this.received.push({ ...request, status });
      res.writeHead(status, {
        'Access-Control-Allow-Origin': '*',
        // Without it a cross-origin page cannot read `Retry-After` (Fetch: CORS-safelisted
        // response headers).
        'Access-Control-Expose-Headers': 'Retry-After',
        'Content-Type': 'application/json',
        ...(status === 200 ? {} : this.headers),
      });
      res.end(
        status === 200
          ? JSON.stringify({ ok: true, accepted: body?.batch.length ?? 0, rejected: [] })
          : '{"ok":false}',
      );
      return;
    }
    this.received.push({ method, url, headers, status: 200 });
    const file = (name: string, type: string) => {
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(readFileSync(new URL(name, dist)));
    };
    const built = url.pathname.match(/^\/sdk\/((?:plugins\/|consent\/)?[\w.-]+\.m?js)$/);
    if (built?.[1]) file(built[1], 'text/javascript');
    else if (url.pathname === '/page.html' || url.pathname === '/next.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(this.html(url));
    } else {
      res.writeHead(404);
      res.end();
    }
  }

  private html(url: URL): string {
    const options = {
      endpoint: `http://localhost:${this.port}/load/${++this.loads}`,
      writeKey: 'e2e',
      ...JSON.parse(url.searchParams.get('options') ?? '{}'),
    };
    const init = `clickstream.init(${JSON.stringify(options)});`;
    const loader =
      url.searchParams.get('build') === 'esm'
        ? `<script type="module">import * as sdk from '/sdk/index.mjs'; window.clickstream = sdk; ${init}</script>`
        : `<script>${readFileSync(new URL('snippet.min.js', dist), 'utf8').replace(
            'https://cdn.example.com/clickstream.min.js',
            '/sdk/clickstream.min.js',
          )}</script><script>${init}</script>`;
    return `<!doctype html><html><head><title>${url.pathname}</title>${loader}</head><body>
<a id="next" href="/next.html?${url.searchParams}">next</a></body></html>`;
  }
}

/** Tests get a started collector and, when they fail, its whole log in the output. */
export const test = base.extend<{ collector: Collector }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  collector: async ({}, use, testInfo) => {
    const collector = new Collector();
    await collector.start();
    await use(collector);
    if (testInfo.status !== testInfo.expectedStatus) {
      console.log(`--- collector received (${testInfo.title}) ---\n${collector.dump()}`);
    }
    await collector.stop();
  },
});

export { expect };

/** Runs `fn` once per build: the script tag with the snippet, and the npm ESM build. */
export const builds: Build[] = ['snippet', 'esm'];
