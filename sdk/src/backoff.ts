/**
 * Delay before retry number `attempt` (0-based): exponential backoff with "full jitter", a
 * uniformly random delay in `[0, min(cap, base · 2^attempt))`, so that many browsers failing
 * together do not retry in lock-step.
 *
 * @param attempt - how many attempts have failed before this one, from 0
 * @param base - the first ceiling in ms (default 1 s)
 * @param cap - the largest ceiling in ms (default 60 s)
 * @param random - a source of numbers in [0, 1), injectable for tests
 * @returns the delay in ms
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @example backoff(3) // somewhere in [0, 8000)
 */
export const backoff = (attempt: number, base = 1000, cap = 60_000, random = Math.random): number =>
  random() * Math.min(cap, base * 2 ** attempt);
