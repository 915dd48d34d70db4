/** A seeded pseudo-random source: the same seed gives the same traffic on every machine. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** An element chosen with the given weights (same length as `items`). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** An exponentially distributed value with the given mean (waiting times). */
  exponential(mean: number): number;
  /** A log-normally distributed value with the given median (latencies, page timings). */
  logNormal(median: number, sigma: number): number;
}

/**
 * mulberry32: 32 bits of state, full period, fast enough for millions of draws a second; not
 * for cryptography, which a synthetic clickstream does not need.
 *
 * @param seed - any 32-bit integer
 * @example createRandom(7).int(6) // the same die roll for seed 7 everywhere
 * @see https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    weighted(items, weights) {
      let total = 0;
      for (const w of weights) total += w;
      let x = next() * total;
      for (let i = 0; i < items.length; i++) {
        x -= weights[i] as number;
        if (x < 0) return items[i] as (typeof items)[number];
      }
      return items[items.length - 1] as (typeof items)[number];
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    logNormal(median, sigma) {
      // Box–Muller; 1 - next() keeps the logarithm finite.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
  };
  return random;
}
