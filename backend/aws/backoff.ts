/** Timing of retries against AWS APIs: one place for every adapter that retries. */
export interface BackoffOptions {
  /**
   * Ceiling of the first retry's delay, ms; the ceiling doubles per attempt.
   * @default 50
   */
  readonly baseDelayMs?: number;
  /**
   * Largest ceiling, ms.
   * @default 1000
   */
  readonly maxDelayMs?: number;
}

/**
 * Delay before retry `attempt` (1-based): uniform in `[0, min(maxDelayMs, baseDelayMs * 2^attempt))`,
 * "full jitter", so producers throttled together do not retry together.
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @example await sleep(backoffDelay(2, { baseDelayMs: 100 }))
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const cap = Math.min(options.maxDelayMs ?? 1000, (options.baseDelayMs ?? 50) * 2 ** attempt);
  return Math.random() * cap;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
