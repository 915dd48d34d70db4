import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { retryAfter } from './retryAfter';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

test('reads delay-seconds', () => {
  expect(retryAfter('120')).toBe(120_000);
  expect(retryAfter('0')).toBe(0);
});

test('reads an HTTP-date relative to now', () => {
  expect(retryAfter('Wed, 25 Nov 2026 12:00:30 GMT')).toBe(30_000);
});

test('asks for no wait (nothing above 0) when absent, invalid or in the past', () => {
  for (const value of [null, undefined, '', 'soon', '-5', 'Wed, 25 Nov 2026 11:00:00 GMT']) {
    expect(retryAfter(value) > 0).toBe(false);
  }
});
