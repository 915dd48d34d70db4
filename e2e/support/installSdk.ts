import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/** The two ways customers install the SDK; suites run their cases over both. */
export type Build = 'snippet' | 'npm';
export const BUILDS: readonly Build[] = ['snippet', 'npm'];

const DIST = join(import.meta.dirname, '..', '..', 'sdk', 'dist');

/**
 * The inline snippet as a customer pastes it, pointing at the runtime's `/sdk/` instead of the
 * placeholder CDN URL.
 */
const snippet = (): string =>
  readFileSync(join(DIST, 'snippet.min.js'), 'utf8').replace(
    /(["'])https?:\/\/[^"']*clickstream\.min\.js\1/,
    '$1/sdk/clickstream.min.js$1',
  );

/** `init()` options of an install page; `endpoint` and `writeKey` default to the demo's. */
export type InitOptions = Record<string, unknown>;

/**
 * The HTML of a bare page that installs the SDK one way and calls `init()`: the snippet in
 * the head, or the ESM build imported by a module script (as a bundler would). Both leave the
 * API at `window.clickstream`, so cases drive them with the same code.
 */
const html = (build: Build, options: InitOptions): string => {
  const init = `Object.assign({ endpoint: location.origin, writeKey: 'wk_local_demo' }, ${JSON.stringify(options)})`;
  const install =
    build === 'snippet'
      ? `<script>${snippet()}</script><script>clickstream.init(${init});</script>`
      : `<script type="module">import * as clickstream from '/sdk/index.mjs';
         window.clickstream = clickstream; clickstream.init(${init});</script>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Install test (${build})</title>
    <link rel="icon" href="data:,">${install}</head>
    <body><h1>Install test</h1><a id="next" href="/e2e/${build}.html?page=next">Next page</a></body></html>`;
};

/**
 * Serves `/e2e/<build>.html` on the runtime's own origin (so the demo write key is accepted and
 * `/sdk/` is the real build), with `options` passed to `init()`. Routed in the browser: the
 * page is the test's, everything it loads and sends is real.
 *
 * @param page - the page (its context gets the route, so new tabs have it too)
 * @param build - snippet or npm
 * @param options - extra `init()` options, e.g. `{ consent: 'pending' }`
 * @returns the path to open
 */
export const installSdk = async (
  page: Page,
  build: Build,
  options: InitOptions = {},
): Promise<string> => {
  await page
    .context()
    .route(`**/e2e/${build}.html*`, (route) =>
      route.fulfill({ contentType: 'text/html', body: html(build, options) }),
    );
  return `/e2e/${build}.html`;
};

/** Waits until the real SDK (not the snippet's stub) is in place. */
export const sdkLoaded = (page: Page) =>
  page.waitForFunction(
    () =>
      typeof (window as unknown as { clickstream?: { stats?: unknown } }).clickstream?.stats ===
      'function',
  );

/** Calls the SDK in the page: `sdk(page, 'track', 'Order Completed', {...})`. */
export const sdk = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(
    ([m, a]) => {
      const cs = (window as unknown as { clickstream: Record<string, unknown> }).clickstream;
      const target = m === 'consent.set' ? (cs.consent as Record<string, unknown>).set : cs[m];
      return (target as (...x: unknown[]) => unknown)(...(a as unknown[]));
    },
    [method, args] as const,
  );
