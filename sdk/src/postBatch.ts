/**
 * The request body, with `sentAt` set now so the server can correct client clock skew. The
 * events are already JSON text (the same text the queue persists), so only the envelope is
 * written here. The write key is in the URL, where the collector reads it first: not repeated
 * in the body (issue 3: bytes in the core and on the wire).
 *
 * @param batch - the events' JSON texts
 * @returns the JSON envelope `{ batch, sentAt }`
 */
export const envelope = (batch: string[]): string =>
  `{"batch":[${batch}],"sentAt":"${new Date().toISOString()}"}`;

/** How long a batch request may go unanswered before it is aborted and retried. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * POSTs a body without a preflight (one cannot finish while a page closes: posthog-js PR
 * #4139): a string body goes as `text/plain;charset=UTF-8`, which `fetch` sets itself, a
 * gzipped one as bytes with no `Content-Type`; both are simple requests the collector accepts.
 * With `compress` and where the browser has `CompressionStream`, the body is gzipped natively
 * and `&enc=gzip` tells the collector, since a simple request cannot set `Content-Encoding`.
 * The stream starts from a `Response`, not a `Blob`: for a 150 KB batch that took ~60% less
 * CPU in Chromium (a `Blob` is registered with the browser process; issue 3). `keepalive` lets
 * the request outlive the page while it fits the browser's 64 KB quota; a string's UTF-8 size
 * is at most 3× its length. A request still unanswered after `REQUEST_TIMEOUT_MS` is aborted and
 * retried like a network error: one that hangs (a proxy or load balancer that holds the
 * connection) would otherwise hold every later batch back until the page is left, while
 * `maxQueue` drops the oldest events.
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
  let data: string | ArrayBuffer = body;
  if (compress && self.CompressionStream) {
    const gz = (new Response(body).body as ReadableStream).pipeThrough(
      new CompressionStream('gzip'),
    );
    data = await new Response(gz).arrayBuffer();
    url += '&enc=gzip';
  }
  return fetch(url, {
    method: 'POST',
    body: data,
    credentials: 'omit',
    keepalive: ((data as ArrayBuffer).byteLength ?? body.length * 3) < 60_000,
    // Optional call: AbortSignal.timeout is newer (2022) than the rest of the SDK's baseline.
    signal: AbortSignal.timeout?.(REQUEST_TIMEOUT_MS),
  });
};
