import { LIMITS } from '@clickstream/contract';
import { createTraffic, type TrafficOptions } from './create-traffic';
import type { GeneratedEvent } from './generated-event';
import { toWireEvent } from './to-wire-event';

export interface SendTrafficOptions extends TrafficOptions {
  /** Base URL of an ingest API: `http://localhost:8080` or the AWS endpoint. */
  readonly endpoint: string;
  readonly writeKey: string;
  /**
   * Events per second to aim for.
   * @default 1000
   */
  readonly rate?: number;
  /**
   * Stop sending after this many seconds; the traffic's end stops it otherwise.
   * @default Infinity
   */
  readonly durationSeconds?: number;
  /**
   * Events per request (the SDK sends up to 500).
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * Requests in flight at once.
   * @default 8
   */
  readonly concurrency?: number;
  /**
   * Attempts per request on 429, 503 or a network error, honouring `Retry-After`.
   * @default 3
   */
  readonly maxAttempts?: number;
  /** Sent as the `Origin` header, for endpoints that check it; none by default, as a server sends. */
  readonly origin?: string;
  /** Told every batch handed to the endpoint (e.g. to compute the answers of what was sent). */
  readonly onBatch?: (events: readonly GeneratedEvent[]) => void;
  /** Told the running totals about once a second. */
  readonly onProgress?: (summary: SendSummary) => void;
}

export interface SendSummary {
  /** Events in requests the endpoint answered or that failed for good. */
  readonly sent: number;
  readonly accepted: number;
  /** Events the endpoint refused (its `rejected` list): the malformed ones, if it is right. */
  readonly rejected: number;
  /** Events whose request failed after every attempt (status or network error). */
  readonly failed: number;
  readonly requests: number;
  /** Requests answered by status code, retries included. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly seconds: number;
  /** Events per second achieved. */
  readonly rate: number;
  /** Request latency, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * The generator's send mode, a load tool: generates traffic and posts it in batches to
 * `<endpoint>/v1/batch?writeKey=` at a steady rate, as many SDKs would, then summarizes what
 * the endpoint accepted and rejected and how fast it answered.
 *
 * @param options - traffic options, the endpoint, rate, duration and batching
 * @returns the totals and latency percentiles
 * @example await sendTraffic({ endpoint: 'http://localhost:8080', writeKey: 'wk_local_demo', rate: 2000, durationSeconds: 60 })
 */
export async function sendTraffic(options: SendTrafficOptions): Promise<SendSummary> {
  const seed = options.seed ?? 1;
  const rate = options.rate ?? 1000;
  const batchSize = Math.min(options.batchSize ?? 100, LIMITS.maxBatchEvents);
  const concurrency = options.concurrency ?? 8;
  const maxAttempts = options.maxAttempts ?? 3;
  const deadline = performance.now() + (options.durationSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  if (!(rate > 0) || !(batchSize > 0) || !(concurrency > 0)) {
    throw new RangeError('rate, batchSize and concurrency must be positive');
  }
  const url = new URL('/v1/batch', options.endpoint);
  url.searchParams.set('writeKey', options.writeKey);
  const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8' };
  if (options.origin) headers.origin = options.origin;

  const traffic = createTraffic(options);
  const queue: GeneratedEvent[] = [];
  let done = false;
  const nextBatch = (): GeneratedEvent[] | undefined => {
    while (queue.length < batchSize && !done) {
      if (!traffic.nextDay((e) => queue.push(e))) done = true;
    }
    return queue.length > 0 ? queue.splice(0, batchSize) : undefined;
  };

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const totals = { sent: 0, accepted: 0, rejected: 0, failed: 0, requests: 0 };
  const started = performance.now();
  const summary = (): SendSummary => {
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      ...totals,
      statuses: { ...statuses },
      seconds,
      rate: seconds > 0 ? totals.sent / seconds : 0,
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
    };
  };

  const post = async (events: readonly GeneratedEvent[]): Promise<void> => {
    const body = JSON.stringify({
      batch: events.map((e) => toWireEvent(seed, e)),
      sentAt: new Date().toISOString(),
    });
    for (let attempt = 1; ; attempt++) {
      const t0 = performance.now();
      let status = 0;
      let text = '';
      let retryAfter = 0;
      try {
        const response = await fetch(url, { method: 'POST', headers, body });
        status = response.status;
        text = await response.text();
        retryAfter = Number(response.headers.get('retry-after') ?? 0);
      } catch {
        // A refused or reset connection: retried like a 503.
      }
      latencies.push(performance.now() - t0);
      totals.requests++;
      statuses[status || 'network error'] = (statuses[status || 'network error'] ?? 0) + 1;
      if (status === 200) {
        const answer = JSON.parse(text) as { accepted?: number; rejected?: unknown[] };
        totals.accepted += answer.accepted ?? 0;
        totals.rejected += answer.rejected?.length ?? 0;
        break;
      }
      if ((status !== 0 && !RETRYABLE.has(status)) || attempt >= maxAttempts) {
        totals.failed += events.length;
        break;
      }
      await sleep(Math.max(retryAfter * 1000, 100 * 2 ** attempt));
    }
    totals.sent += events.length;
  };

  const inFlight = new Set<Promise<void>>();
  let progressAt = started;
  let handed = 0;
  for (;;) {
    // Steady pace: batch n leaves at n * batchSize / rate seconds. None is due at or after the
    // deadline: checking the clock alone let one more through whenever a timer fired a fraction
    // of a ms early (sent 210 events for rate 100 over 2 s in a CI run).
    const due = started + (handed / rate) * 1000;
    if (due >= deadline || performance.now() >= deadline) break;
    const batch = nextBatch();
    if (!batch) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    handed += batch.length;
    options.onBatch?.(batch);
    const request = post(batch).finally(() => inFlight.delete(request));
    inFlight.add(request);
    if (performance.now() - progressAt >= 1000) {
      progressAt = performance.now();
      options.onProgress?.(summary());
    }
  }
  await Promise.all(inFlight);
  return summary();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
