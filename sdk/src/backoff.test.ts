import { expect, test } from 'vitest';
import { backoff } from './backoff';

test('doubles the ceiling per attempt from 1 s, up to the 60 s cap', () => {
  const ceiling = (attempt: number) => backoff(attempt, undefined, undefined, () => 1);
  expect([0, 1, 2, 3, 5, 6, 7, 20].map(ceiling)).toEqual([
    1000, 2000, 4000, 8000, 32_000, 60_000, 60_000, 60_000,
  ]);
});

test('draws the delay uniformly below the ceiling (full jitter)', () => {
  expect(backoff(2, 1000, 60_000, () => 0)).toBe(0);
  expect(backoff(2, 1000, 60_000, () => 0.25)).toBe(1000);
  for (let i = 0; i < 1000; i++) {
    const delay = backoff(3);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(8000);
  }
});
