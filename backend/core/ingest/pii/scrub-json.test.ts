import { describe, expect, it } from 'vitest';
import { REDACTED, type ScrubCounter } from './redacted';
import { scrubJson } from './scrub-json';

const R = REDACTED;

const scrub = <T>(value: T) => {
  const counter: ScrubCounter = { redactions: 0 };
  return { value: scrubJson(value, counter), redactions: counter.redactions };
};

describe('scrubJson', () => {
  it('redacts the value of a sensitive key wholesale, whatever its type', () => {
    const input = {
      password: 'hunter2',
      card_number: 4111111111111111,
      email_verified: true,
      billingAddress: { street: 'Hauptstr. 1', city: 'Berlin' },
      phoneNumbers: ['+49 30 1234567'],
      sku: 'SKU-1',
    };
    expect(scrub(input)).toEqual({
      value: {
        password: R,
        card_number: R,
        email_verified: R,
        billingAddress: R,
        phoneNumbers: R,
        sku: 'SKU-1',
      },
      redactions: 5,
    });
  });

  it('finds sensitive keys at depth and in arrays of objects', () => {
    const input = {
      order: { customer: { firstName: 'Jane', tier: 'gold' } },
      items: [{ token: 'x', id: 1 }],
    };
    expect(scrub(input).value).toEqual({
      order: { customer: { firstName: R, tier: 'gold' } },
      items: [{ token: R, id: 1 }],
    });
  });

  it('scrubs PII inside every other string, in objects and arrays', () => {
    expect(
      scrub({ note: 'call +1 415 555 2671', tags: ['vip', 'jane@example.com'], n: 3 }),
    ).toEqual({
      value: { note: `call ${R}`, tags: ['vip', R], n: 3 },
      redactions: 2,
    });
  });

  it('accepts a top-level string or array', () => {
    expect(scrub('jane@example.com').value).toBe(R);
    expect(scrub(['ok', 'jane@example.com']).value).toEqual(['ok', R]);
  });

  it('keeps numbers, booleans and null, and empty or already redacted sensitive values', () => {
    const input = {
      price: 24.99,
      qty: 2,
      gift: false,
      coupon: null,
      password: '',
      token: R,
      email: null,
    };
    const { value, redactions } = scrub(input);
    expect(value).toBe(input);
    expect(redactions).toBe(0);
  });

  it('does not take analytics keys that merely contain a sensitive word for sensitive ones', () => {
    const input = {
      passengers: 2,
      input_tokens: 512,
      className: 'btn',
      is_mobile: true,
      adobe_id: 'a1',
    };
    expect(scrub(input).value).toBe(input);
  });

  it('never mutates its input', () => {
    const input = { password: 'x', nested: { email: 'a@b.co', list: ['+49 30 1234567', 'ok'] } };
    const before = structuredClone(input);
    scrub(input);
    expect(input).toEqual(before);
  });

  it('returns the same references for clean parts and copies only the changed path', () => {
    const clean = { a: { b: ['x', 'y'] } };
    const input = { clean, dirty: { note: 'jane@example.com' } };
    const { value } = scrub(input);
    expect(value).not.toBe(input);
    expect(value.clean).toBe(clean);
    expect(value.dirty).toEqual({ note: R });

    const untouched = { product: { name: 'Tee', price: 24.99, tags: ['summer'] } };
    expect(scrub(untouched).value).toBe(untouched);
  });

  it('handles the contract maximum depth', () => {
    let deep: Record<string, unknown> = { email: 'a@b.co' };
    for (let i = 0; i < 7; i++) deep = { level: deep };
    let out = scrub(deep).value as Record<string, unknown>;
    for (let i = 0; i < 7; i++) out = out.level as Record<string, unknown>;
    expect(out).toEqual({ email: R });
  });
});
