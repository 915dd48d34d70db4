import { randomBytes } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium';
import { e2eRuntime } from './e2eRuntime';
import { IngestTraffic } from './ingestTraffic';
import { Lake } from './readLake';

// A desktop Chrome user agent: the default one says "HeadlessChrome", which is a bot.
const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

interface Fixtures {
  /** This test's id in the lake: it rides in the user agent of every request. */
  token: string;
  /** This test's rows of `clickstream.events`. */
  lake: Lake;
  /** The context's requests to the collector, recorded and failed on demand. */
  ingest: IngestTraffic;
}

/**
 * The suite's `test`: every test gets its own browser whose user agent ends in
 * `ClickstreamE2E/<token>`, the
 * lake reader scoped to it, and the ingest route recorder, whose log is attached to every
 * failed test (what the collector was sent, and what it answered).
 */
export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
  token: async ({}, use) => {
    await use(randomBytes(6).toString('hex'));
  },
  // A browser per test, its user agent set by flag: Chromium sends `sendBeacon` requests from
  // the browser process with the browser-wide user agent, ignoring a context's override.
  context: async ({ playwright, token, baseURL }, use) => {
    const browser = await playwright.chromium.launch({
      ...CHROMIUM_LAUNCH_OPTIONS,
      args: [...CHROMIUM_LAUNCH_OPTIONS.args, `--user-agent=${CHROME_UA} ClickstreamE2E/${token}`],
    });
    const context = await browser.newContext({ baseURL });
    await use(context);
    await context.close();
    await browser.close();
  },
  lake: async ({ token }, use) => {
    await use(new Lake(e2eRuntime.dataDir, token));
  },
  ingest: [
    async ({ context }, use, testInfo) => {
      const traffic = await IngestTraffic.attach(context);
      await use(traffic);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('ingest-requests.txt', {
          body: traffic.toString() || '(no fetch to /v1/batch)',
          contentType: 'text/plain',
        });
      }
    },
    { auto: true },
  ],
});

export { expect };
