import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { e2eRuntime } from './support/e2eRuntime';
import { expect, test } from './support/test';

/**
 * Another site that copied the demo's write key, served for real on another loopback port:
 * a page fulfilled by Playwright has no address, and Chromium's Local Network Access then
 * refuses its requests to 127.0.0.1 before our server could answer.
 */
const foreignSite = async (): Promise<{ url: string; close: () => void }> => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><title>Not the shop</title>
      <script src="${e2eRuntime.url}/sdk/clickstream.min.js"></script>
      <script>
        clickstream.init({ endpoint: '${e2eRuntime.url}', writeKey: 'wk_local_demo' });
        clickstream.track('Stolen Key Event');
        clickstream.flush();
      </script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
};

test('events sent from an origin the site does not allow are rejected and never stored', async ({
  page,
  request,
  token,
  lake,
  ingest,
}) => {
  const foreign = await foreignSite();
  try {
    await page.goto(foreign.url);
    // The browser hides a CORS-refused answer from the page and from Playwright's events; the
    // SDK sees a network error and retries. Its requests did reach the server:
    await expect.poll(() => ingest.requests.length).toBeGreaterThan(1);
    expect(await lake.after(3_000)).toEqual([]);

    // What the server answered them, asked the same way with the same Origin.
    const answer = await request.post(`${e2eRuntime.url}/v1/batch?writeKey=wk_local_demo`, {
      headers: {
        origin: foreign.url.replace(/\/$/, ''),
        'content-type': 'text/plain',
        // The lake reader finds this test's rows by it: were it stored, the check below sees it.
        'user-agent': `Mozilla/5.0 ClickstreamE2E/${token}`,
      },
      data: JSON.stringify({
        batch: [{ type: 'track', event: 'Stolen Key Event', anonymousId: 'a-1' }],
      }),
    });
    expect(answer.status()).toBe(403);
    expect(answer.headers()['access-control-allow-origin']).toBeUndefined();
    expect(await lake.after(2_000)).toEqual([]);
  } finally {
    foreign.close();
  }
});
