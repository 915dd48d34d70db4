import { deflateSync, gzipSync } from 'node:zlib';
import { LIMITS, lakeColumns } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import {
  CHROME_UA,
  postRequest,
  realisticBatch,
  realisticEvent,
  SHOP_ORIGIN,
  testConfig,
  WRITE_KEY,
} from './fixtures/realistic-batch';
import { handleIngest } from './handle-ingest';
import { REDACTED } from './pii';
import type { IngestResult } from './types';

const post = (body: unknown, overrides = {}) =>
  handleIngest(
    postRequest(typeof body === 'string' ? body : JSON.stringify(body), overrides),
    testConfig,
  );
const bodyOf = (result: IngestResult) => JSON.parse(result.response.body);
const event = (extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Clicked',
  anonymousId: 'anon-1',
  messageId: 'm-1',
  ...extra,
});

describe('whole-request errors', () => {
  it('answers malformed JSON with 400 and a machine-readable code, and keeps a bad row', () => {
    const result = post('{"batch": [');
    expect(result.response.status).toBe(400);
    expect(bodyOf(result).error.code).toBe('malformed_request');
    expect(result.records).toHaveLength(0);
    expect(result.badRows[0]).toMatchObject({
      failure: 'malformed_request',
      payload: '{"batch": [',
    });
  });

  it('answers a body over the batch limit with 413 before parsing it', () => {
    const result = post('x'.repeat(LIMITS.maxBatchBytes + 1));
    expect(result.response.status).toBe(413);
    expect(bodyOf(result).error.code).toBe('size_violation');
  });

  it('answers more than 500 events with 413 so the SDK splits the batch', () => {
    const batch = Array.from({ length: LIMITS.maxBatchEvents + 1 }, (_, i) =>
      event({ messageId: `m${i}` }),
    );
    expect(post({ batch, writeKey: WRITE_KEY }).response.status).toBe(413);
  });

  it('answers a gzip bomb with 413 instead of inflating it', () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const result = handleIngest(postRequest(bomb, { query: { enc: 'gzip' } }), testConfig);
    expect(result.response.status).toBe(413);
  });

  it('answers an unsupported content type or encoding with 415', () => {
    const batch = JSON.stringify(realisticBatch(1));
    const form = post(batch, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.response.status).toBe(415);
    const br = handleIngest(postRequest(Buffer.from(batch), { query: { enc: 'br' } }), testConfig);
    expect(br.response.status).toBe(415);
    const latin1 = post(batch, {
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
    });
    expect(latin1.response.status).toBe(415);
  });

  it('answers invalid UTF-8 with 400', () => {
    const result = handleIngest(postRequest(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), testConfig);
    expect(result.response.status).toBe(400);
    expect(bodyOf(result).error.message).toMatch(/UTF-8/);
  });

  it('answers an origin that is not allowed with 403, no CORS headers and no stored payload', () => {
    const result = post(realisticBatch(2), { headers: { origin: 'https://evil.example.net' } });
    expect(result.response.status).toBe(403);
    expect(result.response.headers['access-control-allow-origin']).toBeUndefined();
    expect(result.records).toHaveLength(0);
    expect(result.badRows[0]?.failure).toBe('origin_not_allowed');
    expect(result.badRows[0]?.payload).toBeUndefined();
  });

  it('answers an unknown or missing write key with 401', () => {
    expect(post({ ...realisticBatch(1), writeKey: 'nope' }).response.status).toBe(401);
    const { writeKey: _, ...noKey } = realisticBatch(1);
    expect(post(noKey).response.status).toBe(401);
  });

  it('takes the write key from the query string, the body or Basic auth', () => {
    const { writeKey: _, ...noKey } = realisticBatch(1);
    expect(post(noKey, { query: { writeKey: WRITE_KEY } }).response.status).toBe(200);
    const basic = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
    const headers = { origin: SHOP_ORIGIN, authorization: basic };
    expect(post(noKey, { headers }).response.status).toBe(200);
  });

  it('answers a preflight with 204 and CORS headers without producing records', () => {
    const result = handleIngest(postRequest('', { method: 'OPTIONS' }), testConfig);
    expect(result.response.status).toBe(204);
    expect(result.response.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
    expect(result.response.headers['access-control-allow-methods']).toContain('POST');
    expect(result.records).toHaveLength(0);
    expect(result.badRows).toHaveLength(0);
  });

  it('accepts subdomains of a wildcard origin', () => {
    const result = post(realisticBatch(1), { headers: { origin: 'https://blog.example.org' } });
    expect(result.response.status).toBe(200);
    expect(result.response.headers['access-control-allow-origin']).toBe('https://blog.example.org');
  });

  it('rejects methods other than POST and OPTIONS with 405', () => {
    expect(handleIngest(postRequest('{}', { method: 'GET' }), testConfig).response.status).toBe(
      405,
    );
  });
});

describe('bodies as browsers send them', () => {
  const batch = JSON.stringify(realisticBatch(3));

  it('accepts text/plain from sendBeacon, application/json and no content type', () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/json', undefined]) {
      const result = post(batch, { headers: { origin: SHOP_ORIGIN, 'content-type': type } });
      expect(result.response.status).toBe(200);
      expect(result.records).toHaveLength(3);
    }
  });

  it('accepts gzip and deflate bodies signalled in the URL or in Content-Encoding', () => {
    const gz = handleIngest(postRequest(gzipSync(batch), { query: { enc: 'gzip' } }), testConfig);
    expect(gz.records).toHaveLength(3);
    const headers = { origin: SHOP_ORIGIN, 'content-encoding': 'deflate' };
    const df = handleIngest(postRequest(deflateSync(batch), { headers }), testConfig);
    expect(df.records).toHaveLength(3);
  });

  it('accepts a single Segment-style event on a typed path', () => {
    const single = { event: 'Signed Up', anonymousId: 'a-1', writeKey: WRITE_KEY };
    const result = post(single, { eventType: 'track' });
    expect(result.records[0]?.row).toMatchObject({ type: 'track', event: 'Signed Up' });
  });
});

describe('per-event validation', () => {
  it('accepts the valid events of a batch and reports each rejected one with its reason', () => {
    const batch = [
      event({ messageId: 'ok-1' }),
      { type: 'track', anonymousId: 'a' },
      event({ messageId: 'ok-2' }),
      42,
    ];
    const result = post({ batch, writeKey: WRITE_KEY });
    expect(result.response.status).toBe(200);
    expect(result.records.map((r) => r.row.message_id)).toEqual(['ok-1', 'ok-2']);
    expect(bodyOf(result)).toMatchObject({
      ok: true,
      accepted: 2,
      rejected: [
        { index: 1, failure: 'schema_violation', reason: expect.stringMatching(/event/) },
        { index: 3, failure: 'schema_violation', reason: 'an event must be a JSON object' },
      ],
    });
    expect(result.badRows.map((b) => [b.index, b.failure])).toEqual([
      [1, 'schema_violation'],
      [3, 'schema_violation'],
    ]);
    expect(result.stats).toMatchObject({ received: 4, accepted: 2, rejected: 2 });
  });

  it('rejects an event over 32 KB as a size violation', () => {
    const big = event({
      properties: {
        blob: 'x'.repeat(8000),
        b: 'x'.repeat(8000),
        c: 'x'.repeat(8000),
        d: 'x'.repeat(8000),
        e: 'x'.repeat(8000),
      },
    });
    const result = post({ batch: [big, event({ messageId: 'small' })], writeKey: WRITE_KEY });
    expect(bodyOf(result).rejected[0]).toMatchObject({ index: 0, failure: 'size_violation' });
    expect(result.records).toHaveLength(1);
  });

  it('measures each event of a batch over 32 KB: ordinary ones pass, one over the limit gets its size', () => {
    const big = event({
      messageId: 'big',
      // 16,000 UTF-16 units, each two bytes of UTF-8: over the limit only when counted in bytes.
      properties: { a: 'é'.repeat(8000), b: 'é'.repeat(8000), c: 'é'.repeat(400) },
    });
    const batch = [...realisticBatch(60).batch, big];
    const result = post({ batch, writeKey: WRITE_KEY });
    expect(result.records).toHaveLength(60);
    const bytes = Buffer.byteLength(JSON.stringify(big));
    expect(bodyOf(result).rejected).toEqual([
      {
        index: 60,
        messageId: 'big',
        failure: 'size_violation',
        reason: `the event is ${bytes} bytes; the limit is ${LIMITS.maxEventBytes}`,
      },
    ]);
  });

  it('rejects events without any identity, with an unknown type or a bad timestamp', () => {
    const batch = [
      { type: 'track', event: 'x' },
      { type: 'alias', anonymousId: 'a' },
      event({ timestamp: 'yesterday' }),
      event({ timestamp: '2026-13-45T99:00:00Z' }),
      // Date.parse would roll it over to March 2.
      event({ timestamp: '2026-02-30T10:00:00.000Z' }),
    ];
    const result = post({ batch, writeKey: WRITE_KEY });
    expect(result.records).toHaveLength(0);
    expect(bodyOf(result).rejected.map((r: { reason: string }) => r.reason)).toEqual([
      'userId or anonymousId: one of them is required',
      'type: must be one of track, page, identify',
      expect.stringMatching(/^timestamp: /),
      'timestamp: not a real date-time',
      'timestamp: not a real date-time',
    ]);
  });
});

describe('hostile input', () => {
  const reasonFor = (raw: string) => {
    const result = post(`{"writeKey":"${WRITE_KEY}","batch":[${raw}]}`);
    expect(result.response.status).toBe(200);
    expect(result.records).toHaveLength(0);
    return bodyOf(result).rejected[0].reason as string;
  };

  it('rejects prototype-pollution keys anywhere in the event', () => {
    expect(
      reasonFor(
        '{"type":"track","event":"x","anonymousId":"a","properties":{"__proto__":{"admin":true}}}',
      ),
    ).toBe('properties.__proto__: forbidden key');
    expect(
      reasonFor('{"type":"track","event":"x","anonymousId":"a","constructor":{"prototype":{}}}'),
    ).toBe('constructor: forbidden key');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('rejects nesting deeper than the limit without walking all of it', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const result = post(
      `{"writeKey":"${WRITE_KEY}","batch":[{"type":"track","event":"x","anonymousId":"a","properties":${deep}}]}`,
    );
    // 100k levels exceed the batch size limit itself: refused as a whole.
    expect(result.response.status).toBe(413);
    expect(
      reasonFor(
        `{"type":"track","event":"x","anonymousId":"a","properties":${'{"a":'.repeat(20)}1${'}'.repeat(20)}}`,
      ),
    ).toMatch(/nested deeper than 8/);
  });

  it('rejects numbers that overflow to Infinity', () => {
    expect(
      reasonFor('{"type":"track","event":"x","anonymousId":"a","properties":{"price":1e400}}'),
    ).toBe('properties.price: number is not finite');
  });

  it('rejects huge strings and lone surrogates', () => {
    expect(
      reasonFor(
        `{"type":"track","event":"x","anonymousId":"a","properties":{"s":"${'y'.repeat(LIMITS.maxStringLength + 1)}"}}`,
      ),
    ).toMatch(/string longer than/);
    expect(
      reasonFor('{"type":"track","event":"x","anonymousId":"a","properties":{"s":"\\ud800"}}'),
    ).toBe('properties.s: string is not valid Unicode');
  });

  it('rejects arrays where objects belong', () => {
    expect(reasonFor('{"type":"track","event":"x","anonymousId":"a","properties":[1,2]}')).toMatch(
      /^properties: /,
    );
    expect(reasonFor('[{"type":"track"}]')).toBe('an event must be a JSON object');
    expect(post('[1,2]').response.status).toBe(400);
    expect(post(`{"writeKey":"${WRITE_KEY}","batch":{"0":{}}}`).response.status).toBe(400);
  });
});

describe('privacy', () => {
  it('scrubs PII from properties, traits, ids and URLs before anything reaches the stream', () => {
    const batch = [
      event({
        properties: {
          note: 'call +49 151 23456789 or mail jane.doe@example.com',
          password: 'hunter2',
        },
        context: {
          page: {
            url: 'https://shop.example.com/?email=jane%40example.com&ref=ad',
            title: 'Hi jane.doe@example.com',
          },
        },
      }),
      {
        type: 'identify',
        userId: 'jane.doe@example.com',
        anonymousId: 'anon-9',
        traits: { email: 'jane.doe@example.com', plan: 'pro' },
      },
    ];
    const result = post({ batch, writeKey: WRITE_KEY });
    const stored = JSON.stringify(result.records);
    expect(stored).not.toContain('jane');
    expect(stored).not.toContain('23456789');
    expect(stored).not.toContain('hunter2');
    const [track, identify] = result.records.map((r) => r.row);
    expect(JSON.parse(track?.properties ?? '')).toEqual({
      note: `call ${REDACTED} or mail ${REDACTED}`,
      password: REDACTED,
    });
    expect(track?.page_url).toContain('ref=ad');
    // An id with personal data in it is dropped; user_id falls back to the anonymous id.
    expect(identify).toMatchObject({ identified_user_id: null, user_id: 'anon-9' });
    expect(JSON.parse(identify?.traits ?? '')).toEqual({ email: REDACTED, plan: 'pro' });
    expect(result.stats.piiRedactions).toBeGreaterThanOrEqual(6);
  });

  it('scrubs and counts a PII string every time it repeats across a batch', () => {
    const page = {
      url: 'https://shop.example.com/?email=jane%40example.com',
      title: 'Hi jane@example.com',
    };
    const batch = [1, 2, 3].map((n) =>
      event({
        messageId: `m-${n}`,
        properties: { note: 'mail jane@example.com' },
        context: { page },
      }),
    );
    const result = post({ batch, writeKey: WRITE_KEY });
    expect(result.records).toHaveLength(3);
    expect(JSON.stringify(result.records)).not.toContain('jane');
    // Three strings with one address each, in each of the three events.
    expect(result.stats.piiRedactions).toBe(9);
    for (const { row } of result.records) {
      expect(row.title).toBe(`Hi ${REDACTED}`);
      expect(row.page_url).toBe(`https://shop.example.com/?email=${REDACTED}`);
    }
  });

  it('scrubs PII from the payloads it keeps for rejected events too', () => {
    const result = post({
      batch: [
        {
          type: 'track',
          anonymousId: 'a',
          properties: { email: 'bob@example.com', card: '4111 1111 1111 1111' },
        },
      ],
      writeKey: WRITE_KEY,
    });
    expect(result.badRows[0]?.payload).toBeDefined();
    expect(result.badRows[0]?.payload).not.toContain('bob@example.com');
    expect(result.badRows[0]?.payload).not.toContain('4111');
  });

  it('anonymizes the client IP and never stores it raw', () => {
    const v4 = post(realisticBatch(1));
    expect(v4.records[0]?.row.ip).toBe('203.0.113.0');
    const v6 = post(realisticBatch(1), { sourceIp: '2001:db8:abcd:12:3456:789a:bcde:f012' });
    expect(v6.records[0]?.row.ip).toBe('2001:db8:abcd::');
    expect(JSON.stringify(v6)).not.toContain('3456');
  });

  it('does not store events whose consent does not grant analytics, and keeps no payload of them', () => {
    const denied = event({
      messageId: 'denied',
      context: { consent: { analytics: false, marketing: true } },
    });
    const granted = event({ messageId: 'granted', context: { consent: { analytics: true } } });
    const result = post({ batch: [denied, granted], writeKey: WRITE_KEY });
    expect(result.records.map((r) => r.row.message_id)).toEqual(['granted']);
    expect(result.badRows).toEqual([
      expect.objectContaining({ failure: 'consent_denied', messageId: 'denied' }),
    ]);
    expect(result.badRows[0]?.payload).toBeUndefined();
    expect(result.stats.consentDropped).toBe(1);
  });

  it('under Global Privacy Control stores only events with an explicit analytics grant', () => {
    const silent = event({ messageId: 'silent' });
    const optedIn = event({ messageId: 'opted-in', context: { consent: { analytics: true } } });
    const headers = { origin: SHOP_ORIGIN, 'sec-gpc': '1' };
    const result = post({ batch: [silent, optedIn], writeKey: WRITE_KEY }, { headers });
    expect(result.records.map((r) => r.row.message_id)).toEqual(['opted-in']);
    const withoutGpc = post({ batch: [silent], writeKey: WRITE_KEY });
    expect(withoutGpc.records).toHaveLength(1);
  });
});

describe('enrichment', () => {
  it('stamps receive time, partitions from it in UTC, the bot flag and the consent categories', () => {
    const result = post(realisticBatch(1), { receivedAt: new Date('2026-01-02T03:04:05.006Z') });
    expect(result.records[0]?.row).toMatchObject({
      received_at: '2026-01-02T03:04:05.006Z',
      year: '2026',
      month: '01',
      day: '02',
      hour: '03',
      is_bot: false,
      consent: 'analytics',
      user_agent: CHROME_UA,
    });
    const bot = post(realisticBatch(1), {
      headers: {
        origin: SHOP_ORIGIN,
        'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
      },
    });
    expect(bot.records[0]?.row.is_bot).toBe(false); // the event's own user agent wins
    const { context: _, ...bare } = realisticEvent(1);
    const crawler = post(
      { batch: [bare], writeKey: WRITE_KEY },
      {
        headers: {
          origin: SHOP_ORIGIN,
          'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
        },
      },
    );
    expect(crawler.records[0]?.row.is_bot).toBe(true);
  });

  it('uses the identified user as user_id and the anonymous id otherwise', () => {
    const result = post({ batch: [event({ userId: 'user-42' }), event()], writeKey: WRITE_KEY });
    expect(result.records.map((r) => r.row.user_id)).toEqual(['user-42', 'anon-1']);
    expect(result.records.map((r) => r.partitionKey)).toEqual(['anon-1', 'anon-1']);
  });

  it('generates a messageId when absent and flags it', () => {
    const { messageId: _, ...noId } = event();
    const result = post({ batch: [noId, event()], writeKey: WRITE_KEY });
    const [generated, sent] = result.records.map((r) => r.row);
    expect(generated?.message_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated?.message_id_generated).toBe(true);
    expect(sent).toMatchObject({ message_id: 'm-1', message_id_generated: false });
    expect(result.stats.generatedMessageIds).toBe(1);
  });

  it('produces rows with exactly the lake columns, created_at in UTC ending in Z', () => {
    const result = post(realisticBatch(4));
    for (const { row } of result.records) {
      expect(Object.keys(row).sort()).toEqual(lakeColumns.map((c) => c.name).sort());
      expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('reads page fields from a Segment page call’s properties and scrubs their URLs', () => {
    const page = {
      type: 'page',
      anonymousId: 'a',
      name: 'Home',
      properties: { url: 'https://x.example/?token=abc123', path: '/', title: 'Home' },
    };
    const row = post({ batch: [page], writeKey: WRITE_KEY }).records[0]?.row;
    expect(row).toMatchObject({ name: 'Home', page_path: '/', title: 'Home' });
    expect(row?.page_url).toBe(`https://x.example/?token=${REDACTED}`);
  });
});
