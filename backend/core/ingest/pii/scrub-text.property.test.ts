import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IBAN_LENGTHS } from './iban';
import type { ScrubCounter } from './redacted';
import { scrubText } from './scrub-text';

const digits = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

/** Appends the Luhn check digit. */
function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const groupBy4 = (s: string, separator: string) => s.match(/.{1,4}/g)?.join(separator) ?? s;

const card = fc
  .record({
    brand: fc.constantFrom<readonly [prefix: string, length: number]>(
      ['4', 16],
      ['4', 19],
      ['51', 16],
      ['55', 16],
      ['2221', 16],
      ['34', 15],
      ['37', 15],
      ['6011', 16],
      ['65', 16],
      ['3528', 16],
      ['36', 14],
      ['62', 16],
      ['2200', 16],
    ),
    rest: digits(18, 18),
    separator: fc.constantFrom('', ' ', '-'),
  })
  .map(({ brand: [prefix, length], rest, separator }) => {
    const number = withLuhn((prefix + rest).slice(0, length - 1));
    return length === 16 ? groupBy4(number, separator) : number;
  });

/** ISO 13616 check digits for a country and an all-digit BBAN. */
function iban(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const c of numeric) remainder = (remainder * 10 + Number(c)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

const ibanValue = fc
  .record({
    country: fc.constantFrom(...Object.keys(IBAN_LENGTHS)),
    body: digits(30, 30),
    spaced: fc.boolean(),
  })
  .map(({ country, body, spaced }) => {
    const value = iban(country, body.slice(0, (IBAN_LENGTHS[country] as number) - 4));
    return spaced ? groupBy4(value, ' ') : value;
  });

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
/** File-extension TLDs are left out on purpose: `logo@2x.png` is not an address. */
const tld = fc
  .stringMatching(/^[a-z]{2,6}$/)
  .filter(
    (t) =>
      !/^(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?|heic|css|js|mjs|json|map|html?|pdf|txt|xml|woff2?|ttf|webm)$/.test(
        t,
      ),
  );
const email = fc
  .record({
    local: fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9._+-]{0,14}[a-zA-Z0-9])?$/),
    labels: fc.array(label, { minLength: 1, maxLength: 3 }),
    tld,
    encoded: fc.boolean(),
  })
  .map(
    ({ local, labels, tld: t, encoded }) =>
      `${local}${encoded ? '%40' : '@'}${labels.join('.')}.${t}`,
  );

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc
  // Loopback (127/8) names no one and is kept.
  .tuple(
    fc.integer({ min: 1, max: 255 }).filter((o) => o !== 127),
    octet,
    octet,
    fc.integer({ min: 1, max: 255 }),
  )
  .map((parts) => parts.join('.'));

const hexGroup = fc.stringMatching(/^[0-9a-f]{1,4}$/);
const ipv6 = fc
  .record({
    first: fc.stringMatching(/^2[0-9a-f]{3}$/),
    rest: fc.array(hexGroup, { minLength: 7, maxLength: 7 }),
  })
  .map(({ first, rest }) => [first, ...rest].join(':'));

const ssn = fc
  .tuple(
    fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 9999 }),
  )
  .map(
    ([a, g, s]) =>
      `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`,
  );

const phone = fc
  .record({
    country: fc.integer({ min: 1, max: 998 }),
    subscriber: digits(7, 10),
    spaced: fc.boolean(),
  })
  .map(({ country, subscriber, spaced }) =>
    spaced
      ? `+${country} ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`
      : `+${country}${subscriber}`,
  );

const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);
const jwt = fc.tuple(base64url, base64url, base64url).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`);

const seeded = fc.oneof(card, ibanValue, email, ipv4, ipv6, ssn, phone, jwt);

/**
 * Any text around the value, joined by the boundaries text has. The text after the value
 * starts with a non-digit: `+49 30 1234567 8901` is ambiguous (one long number or two?).
 */
const before = fc.string({ unit: 'grapheme', maxLength: 40 });
const after = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/^\d/.test(s));
const boundary = fc.constantFrom(
  ' ',
  '\n',
  '\t',
  ' | ',
  ': ',
  ' (',
  ') ',
  ', ',
  '"',
  '<b>',
  '</b>',
);

describe('scrubText (property)', () => {
  it('never lets a seeded PII value through, whatever text surrounds it', () => {
    fc.assert(
      fc.property(seeded, before, boundary, boundary, after, (value, head, left, right, tail) => {
        const text = `${head}${left}${value}${right}${tail}`;
        const counter: ScrubCounter = { redactions: 0 };
        const out = scrubText(text, counter);
        expect(out).not.toContain(value);
        expect(counter.redactions).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns text without digits, @, % or = unchanged and as the same string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !/[\d@%=]/.test(s)),
        (text) => {
          const counter: ScrubCounter = { redactions: 0 };
          expect(scrubText(text, counter)).toBe(text);
          expect(counter.redactions).toBe(0);
        },
      ),
    );
  });
});
