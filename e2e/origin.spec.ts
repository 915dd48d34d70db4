import { e2eRuntime } from './support/e2eRuntime';
import { expect, test } from './support/test';

test('events sent from an origin the site does not allow are rejected and never stored', async ({
  page,
  lake,
}) => {
  // A page on another site that copied the demo's write key.
  const foreign = 'http://shop.attacker.test';
  await page.route(`${foreign}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Not the shop</title>
        <script src="${e2eRuntime.url}/sdk/clickstream.min.js"></script>
        <script>
          clickstream.init({ endpoint: '${e2eRuntime.url}', writeKey: 'wk_local_demo' });
          clickstream.track('Stolen Key Event');
          clickstream.flush();
        </script>`,
    }),
  );
  const rejected = page.waitForResponse((r) => r.url().startsWith(`${e2eRuntime.url}/v1/batch`));
  await page.goto(`${foreign}/`);
  const response = await rejected;
  expect(response.status()).toBe(403);
  expect(response.headers()['access-control-allow-origin']).toBeUndefined();
  expect(await lake.after(3_000)).toEqual([]);
});
