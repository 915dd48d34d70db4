import { expect, test } from 'vitest';
import { retryAfter } from './retryAfter';

const now = Date.parse('2026-11-25T12:00:00Z');

test('reads delay-seconds', () => {
  expect(retryAfter('120', now)).toBe(120_000);
  expect(retryAfter('0', now)).toBe(0);
});

test('reads an HTTP-date relative to now', () => {
  expect(retryAfter('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
});

test('gives 0 when absent, invalid or in the past', () => {
  for (const value of [null, '', 'soon', '-5', 'Wed, 25 Nov 2026 11:00:00 GMT']) {
    expect(retryAfter(value, now)).toBe(0);
  }
});
