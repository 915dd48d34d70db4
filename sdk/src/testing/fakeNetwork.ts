import type { BatchEnvelope } from '@clickstream/contract';
import { vi } from 'vitest';

/** One request the SDK made, decoded. */
export interface Sent {
  via: 'fetch' | 'beacon';
  url: URL;
  body: BatchEnvelope;
  /** Whether it was delivered: a 2xx answer, or a beacon the browser accepted. */
  ok: boolean;
  init?: RequestInit;
}

/**
 * A scripted answer: a status with headers, a network error, or `'hang'`: no answer until the
 * request's signal aborts it.
 */
export type Answer = { status: number; headers?: Record<string, string> } | Error | 'hang';

/**
 * Replaces `fetch` and `navigator.sendBeacon` at the network boundary of the unit tests (the
 * browser tests use a real collector): records and decodes every request, gunzipping what the
 * SDK compressed, and answers from a script (default `200`).
 *
 * @returns the recorded requests and the knobs
 */
export const fakeNetwork = () => {
  const sent: Sent[] = [];
  const answers: Answer[] = [];
  const net = {
    sent,
    /** Queues answers for the next fetches, in order. */
    answer: (...a: Answer[]) => answers.push(...a),
    /** What `sendBeacon` returns. */
    beaconAccepts: true,
    /** The requests for `writeKey` (a test's own client; earlier tests' clients still live). */
    of: (writeKey: string) => sent.filter((s) => s.url.searchParams.get('writeKey') === writeKey),
    /** The events of every request for `writeKey`, one array per request. */
    batches: (writeKey: string) => net.of(writeKey).map((s) => s.body.batch),
    /** Every messageId delivered for `writeKey`, in order, repeats included. */
    delivered: (writeKey: string) =>
      net
        .of(writeKey)
        .filter((s) => s.ok)
        .flatMap((s) => s.body.batch.map((e) => e.messageId)),
  };
  const decode = async (url: URL, body: unknown): Promise<BatchEnvelope> => {
    if (typeof body === 'string') return JSON.parse(body);
    let stream = new Blob([body as ArrayBuffer]).stream();
    if (url.searchParams.get('enc') === 'gzip') {
      stream = stream.pipeThrough(new DecompressionStream('gzip'));
    }
    return JSON.parse(await new Response(stream).text());
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit) => {
      const url = new URL(input);
      const body = await decode(url, init.body);
      const answer = answers.shift() ?? { status: 200 };
      if (answer === 'hang') {
        sent.push({ via: 'fetch', url, body, init, ok: false });
        return new Promise<never>((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      }
      sent.push({
        via: 'fetch',
        url,
        body,
        init,
        ok: !(answer instanceof Error) && answer.status < 300,
      });
      if (answer instanceof Error) throw answer;
      const reply =
        answer.status === 200 ? '{"ok":true,"accepted":1,"rejected":[]}' : '{"ok":false}';
      return new Response(reply, answer);
    }),
  );
  // The SDK's request timeout as fake time sees it: `AbortSignal.timeout` runs on Node's own
  // clock, so under fake timers a `'hang'` answer would never be aborted.
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ms);
    return controller.signal;
  });
  navigator.sendBeacon = (input: string | URL, body?: BodyInit | null) => {
    const url = new URL(String(input));
    sent.push({ via: 'beacon', url, body: JSON.parse(String(body)), ok: net.beaconAccepts });
    return net.beaconAccepts;
  };
  return net;
};
