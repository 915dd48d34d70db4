import type { EventType } from '@clickstream/contract';
import type { HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { deliverIngestResult, type IngestSinks } from '../../aws/deliver-ingest-result';
import { handleIngest } from '../../core/ingest';
import type { IngestConfig, IngestRequest } from '../../core/ingest/types';
import type { DuplicateCounter } from './DuplicateCounter';
import type { IngestCounters } from './IngestCounters';
import { MAX_READ_BYTES, readBody } from './readBody';

export interface IngestAppOptions {
  /** Sites, write keys, allowed origins and privacy policy, as the core takes them. */
  readonly config: IngestConfig;
  /** The stream and the dead-letter store. */
  readonly sinks: IngestSinks;
  readonly counters: IngestCounters;
  readonly duplicates: DuplicateCounter;
  /** `GET /healthz` answers 200 only while this is true (emulator, stream and lake are up). */
  readonly isReady: () => boolean;
  /** More figures for `GET /v1/stats` (the lake's), merged under `lake`. */
  readonly lakeStats?: () => Record<string, unknown>;
  /** Served at `/`; none when absent. */
  readonly demoSiteDir?: string;
  /** The built SDK, served at `/sdk/`; none when absent. */
  readonly sdkDir?: string;
  /**
   * `Retry-After` of a 503, seconds.
   * @default 1
   */
  readonly retryAfterSeconds?: number;
  /**
   * Told why a request got a 503.
   * @default console.error
   */
  readonly onUnavailable?: (error: unknown) => void;
}

type Env = { Bindings: HttpBindings };

/** Segment-style single-event paths and the event type each one implies. */
const SINGLE_EVENT_PATHS: readonly (readonly [string, EventType])[] = [
  ['/v1/track', 'track'],
  ['/v1/page', 'page'],
  ['/v1/identify', 'identify'],
];

/**
 * The local ingest HTTP API around the ingest core: `POST /v1/batch`, the Segment-style
 * `/v1/track|page|identify`, their CORS preflights, `GET /healthz`, `GET /v1/stats`, and the
 * demo site and SDK as static files — all on one port.
 *
 * Parsing, decompression, origin and write-key checks, validation, scrubbing and the CORS
 * headers are the core's; this adapter only moves bytes, makes the result durable and
 * answers 503 + `Retry-After` when it could not (the SDK retries; the lake dedups).
 *
 * @param options - the core's config, the sinks and the counters.
 * @returns a Hono app to pass to `@hono/node-server`'s `serve` (it reads the raw Node request).
 * @example serve({ fetch: createIngestApp(options).fetch, port: 8080 });
 * @see docs/local.md
 */
export function createIngestApp(options: IngestAppOptions): Hono<Env> {
  const app = new Hono<Env>();
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const onUnavailable =
    options.onUnavailable ?? ((error: unknown) => console.error('ingest: answering 503:', error));

  const ingest = (eventType?: EventType) =>
    async function ingestRequest(c: import('hono').Context<Env>): Promise<Response> {
      options.counters.values.requests++;
      const incoming = c.env.incoming;
      const body = c.req.method === 'POST' ? await readBody(incoming) : undefined;
      const request: IngestRequest = {
        method: c.req.method,
        body,
        headers: requestHeaders(incoming.rawHeaders),
        query: c.req.query(),
        sourceIp: incoming.socket.remoteAddress,
        receivedAt: new Date(),
        ...(eventType ? { eventType } : {}),
      };
      const result = handleIngest(request, options.config);
      const { response } = result;
      const headers: Record<string, string> = { ...response.headers };
      if (body && body.byteLength > MAX_READ_BYTES) headers.connection = 'close';
      try {
        const delivery = await deliverIngestResult(result, options.sinks);
        options.counters.delivered(result.stats, delivery);
        for (const record of result.records) {
          if (options.duplicates.observe(record.row.message_id)) {
            options.counters.values.duplicateMessageIds++;
          }
        }
      } catch (error) {
        options.counters.values.unavailable++;
        onUnavailable(error);
        return new Response(
          JSON.stringify({
            ok: false,
            error: { code: 'unavailable', message: 'events could not be stored; retry' },
          }),
          {
            status: 503,
            headers: { ...headers, 'content-type': 'application/json', 'retry-after': retryAfter },
          },
        );
      }
      // A `Response` with plain headers, not `c.body()`: that fills a Fetch `Headers` (validating
      // every name and value) which @hono/node-server then copies back into a plain object.
      return new Response(response.body, { status: response.status, headers });
    };

  app.all('/v1/batch', ingest());
  for (const [path, type] of SINGLE_EVENT_PATHS) app.all(path, ingest(type));

  app.get('/healthz', (c) =>
    options.isReady() ? c.json({ ok: true }) : c.json({ ok: false }, 503),
  );
  app.get('/v1/stats', (c) =>
    c.json({
      ...options.counters.values,
      ...(options.lakeStats ? { lake: options.lakeStats() } : {}),
    }),
  );
  if (options.sdkDir) {
    app.use(
      '/sdk/*',
      serveStatic({ root: options.sdkDir, rewriteRequestPath: (p) => p.replace(/^\/sdk/, '') }),
    );
  }
  if (options.demoSiteDir) app.use('/*', serveStatic({ root: options.demoSiteDir }));
  return app;
}

/**
 * The request's headers by lower-case name, a repeated one joined with ", " as the Fetch
 * `Headers` class combines it (so a doubled `Content-Type` is refused, not half-read). Read from
 * Node's raw list: materializing `c.req.raw.headers` builds and validates an undici `Headers`
 * per request, which the parser has already done.
 */
function requestHeaders(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    // Own properties only: `constructor` or `__proto__` must not read the prototype's.
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}
