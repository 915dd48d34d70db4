import type { Page } from '@playwright/test';
import { expect, test } from './collector';

/** Loads the script-tag Web Vitals plugin on a page that loaded the SDK by the snippet. */
const openWithWebVitals = async (page: Page, url: string) => {
  await page.goto(url);
  await page.waitForFunction(
    () => (window as { clickstream?: { version?: string } }).clickstream?.version,
  );
  await page.addScriptTag({ url: '/sdk/plugins/clickstream-web-vitals.min.js' });
};

test('reports Web Vitals once per page, by beacon when the page is hidden', async ({
  page,
  collector,
}) => {
  await openWithWebVitals(page, collector.page('snippet', { flushInterval: 60_000 }));
  // An interaction gives INP something to measure; the layout shift gives CLS a value.
  await page.click('#next', { trial: true });
  await page.mouse.click(5, 5);
  await page.click('#next');
  await page.waitForURL(/next\.html/);
  await collector.waitForDelivered(1);
  const vitals = collector.batches
    .filter((r) => r.status < 300)
    .flatMap((r) => r.body?.batch ?? [])
    .filter((e) => e.type === 'track' && e.event === 'Web Vitals');
  expect(vitals, collector.dump()).toHaveLength(1);
  const properties = (vitals[0] as { properties: Record<string, number> }).properties;
  for (const metric of ['FCP', 'TTFB', 'LCP', 'CLS']) {
    expect(typeof properties[metric], `${metric} in ${JSON.stringify(properties)}`).toBe('number');
  }
});
