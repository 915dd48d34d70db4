import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postRequest, realisticEvent, testConfig, WRITE_KEY } from './fixtures/realistic-batch';
import { handleIngest } from './handle-ingest';
import type { IngestResult } from './types';

const STATUSES = new Set([200, 204, 400, 401, 403, 405, 413, 415]);

function assertWellFormed(result: IngestResult) {
  expect(STATUSES.has(result.response.status)).toBe(true);
  expect(() => JSON.parse(result.response.body || '{}')).not.toThrow();
  expect(result.stats.accepted).toBe(result.records.length);
}

const luhnComplete = (digits: number[]) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i] as number;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return [...digits, (10 - (sum % 10)) % 10].join('');
};

const ibanDE = (bban: string) => {
  const numeric = `${bban}131400`; // D=13 E=14, then "00"
  const check = 98 - Number(BigInt(numeric) % 97n);
  return `DE${String(check).padStart(2, '0')}${bban}`;
};

const label = fc.stringMatching(/^[a-z][a-z0-9]{1,10}$/);
/** Seeded personal data: each generated value must never come out of the core. */
const seededPii = fc.oneof(
  fc
    .tuple(label, label, fc.constantFrom('com', 'de', 'io', 'co.uk'))
    .map(([u, d, t]) => `${u}.x@${d}.${t}`),
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 })
    .map((d) => luhnComplete([4, ...d])),
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 })
    .map((d) => `+49 151 ${d.join('')}`),
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 })
    .map((d) => ibanDE(d.join(''))),
  fc
    .tuple(
      fc.integer({ min: 1, max: 223 }).filter((o) => o !== 127), // loopback names no one
      fc.nat(255),
      fc.nat(255),
      fc.integer({ min: 1, max: 254 }),
    )
    .map((o) => o.join('.')),
  fc
    .tuple(
      fc.integer({ min: 100, max: 665 }),
      fc.integer({ min: 10, max: 99 }),
      fc.integer({ min: 1000, max: 9999 }),
    )
    .map(([a, b, c]) => `${a}-${b}-${c}`),
);

/** Where in an event the seeded value is planted. */
const plant = (n: number, where: number, value: string): Record<string, unknown> => {
  const e = structuredClone(realisticEvent(n)) as Record<string, unknown> & {
    properties?: Record<string, unknown>;
    context: { page: Record<string, string> };
  };
  const text = `note ${value} end`;
  switch (where % 6) {
    case 0:
      e.properties = { ...e.properties, comment: text };
      break;
    case 1:
      e.properties = { ...e.properties, nested: { deeper: [text] } };
      break;
    case 2:
      e.context.page.url = `https://shop.example.com/p?q=${encodeURIComponent(value)}`;
      break;
    case 3:
      e.context.page.title = text;
      break;
    case 4:
      e.context.page.referrer = `https://ref.example.com/${value}`;
      break;
    default:
      e.type = 'identify';
      e.traits = { bio: text };
  }
  return e;
};

describe('the ingest core under arbitrary input', () => {
  it('answers any byte sequence without throwing', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(undefined, 'gzip', 'deflate', 'br'),
        (bytes, enc) => {
          assertWellFormed(handleIngest(postRequest(bytes, { query: { enc } }), testConfig));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers any JSON value as a batch or an event without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, asBatch) => {
        const body = JSON.stringify(asBatch ? { batch: [value], writeKey: WRITE_KEY } : value);
        assertWellFormed(handleIngest(postRequest(body ?? 'null'), testConfig));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers mutated realistic events without throwing', () => {
    const anything = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.string(),
      fc.constant(Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.constantFrom(
          'type',
          'event',
          'messageId',
          'timestamp',
          'context',
          'properties',
          'userId',
          'sessionId',
          '__proto__',
        ),
        anything,
        (n, key, value) => {
          const e: Record<string, unknown> = { ...realisticEvent(n) };
          Object.defineProperty(e, key, {
            value,
            enumerable: true,
            configurable: true,
            writable: true,
          });
          const gz = gzipSync(JSON.stringify({ batch: [e], writeKey: WRITE_KEY }));
          assertWellFormed(handleIngest(postRequest(gz, { query: { enc: 'gzip' } }), testConfig));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never lets a seeded PII value through to the stream or the dead-letter store', () => {
    fc.assert(
      fc.property(seededPii, fc.nat(100), fc.nat(5), fc.boolean(), (value, n, where, breakIt) => {
        const e = plant(n, where, value);
        if (breakIt) e.timestamp = 'not a time'; // a rejected event keeps a scrubbed payload
        const result = handleIngest(
          postRequest(JSON.stringify({ batch: [e], writeKey: WRITE_KEY })),
          testConfig,
        );
        const out = JSON.stringify([result.records, result.badRows, result.response]);
        expect(out).not.toContain(value);
        expect(out).not.toContain(encodeURIComponent(value));
      }),
      { numRuns: 1500 },
    );
  });
});
