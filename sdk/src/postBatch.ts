import type { ClickstreamEvent } from '@clickstream/contract';

/**
 * The request body, with `sentAt` set now so the server can correct client clock skew.
 *
 * @param batch - the events
 * @param writeKey - the site's write key
 * @returns the JSON envelope `{ batch, sentAt, writeKey }`
 */
export const envelope = (batch: ClickstreamEvent[], writeKey: string): string =>
  JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey });

/**
 * POSTs a body without a preflight (one cannot finish while a page closes: posthog-js PR
 * #4139): a string body goes as `text/plain;charset=UTF-8`, which `fetch` sets itself, a
 * gzipped one as bytes with no `Content-Type`; both are simple requests the collector accepts. With `compress` and where the
 * browser has `CompressionStream`, the body is gzipped natively and `&enc=gzip` tells the
 * collector, since a simple request cannot set `Content-Encoding`. `keepalive` lets the
 * request outlive the page while it fits the browser's 64 KB quota.
 *
 * @param url - the batch URL, with the write key in its query
 * @param body - the JSON envelope
 * @param compress - gzip when possible
 * @returns the response; rejects on network errors
 */
export const postBatch = async (
  url: string,
  body: string,
  compress?: boolean,
): Promise<Response> => {
  let data: BodyInit = body;
  let size = body.length * 3;
  if (compress && typeof CompressionStream === 'function') {
    const gz = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
    data = await new Response(gz).arrayBuffer();
    size = data.byteLength;
    url += '&enc=gzip';
  }
  return fetch(url, {
    method: 'POST',
    body: data,
    credentials: 'omit',
    keepalive: size < 60_000,
  });
};
