/**
 * Delay before retry number `attempt` (0-based): exponential backoff with "full jitter", a
 * uniformly random delay in `[0, min(60 s, 1 s · 2^attempt))`, so that many browsers failing
 * together do not retry in lock-step. Base and cap are literals, not parameters: each default
 * parameter costs bytes in the core (issue 3).
 *
 * @param attempt - how many attempts have failed before this one, from 0
 * @returns the delay in ms
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @example backoff(3) // somewhere in [0, 8000)
 */
export const backoff = (attempt: number): number =>
  Math.random() * Math.min(60_000, 1000 * 2 ** attempt);
