import { afterEach, expect, test, vi } from 'vitest';
import { backoff } from './backoff';

afterEach(() => {
  vi.restoreAllMocks();
});

test('doubles the ceiling per attempt from 1 s, up to the 60 s cap', () => {
  vi.spyOn(Math, 'random').mockReturnValue(1);
  expect([0, 1, 2, 3, 5, 6, 7, 20].map(backoff)).toEqual([
    1000, 2000, 4000, 8000, 32_000, 60_000, 60_000, 60_000,
  ]);
});

test('draws the delay uniformly below the ceiling (full jitter)', () => {
  const random = vi.spyOn(Math, 'random').mockReturnValue(0);
  expect(backoff(2)).toBe(0);
  random.mockReturnValue(0.25);
  expect(backoff(2)).toBe(1000);
  random.mockRestore();
  for (let i = 0; i < 1000; i++) {
    const delay = backoff(3);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(8000);
  }
});
