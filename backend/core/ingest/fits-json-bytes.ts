/**
 * Whether `JSON.stringify(value)` certainly takes at most `limit` bytes of UTF-8, decided from
 * an upper bound found in one walk, without serializing: a UTF-16 code unit takes at most 6 bytes
 * (`\u001f` escaped; 3 raw), a number at most 32 characters, a key its quotes and colon more.
 *
 * Why: above the per-event limit's worth of body, every event's size must be known, and
 * serializing an event again only to measure it cost about as much as scrubbing it. Real events
 * are far below the limit, so the bound settles them; only those that may be near it are
 * measured exactly.
 *
 * @param value - a parsed JSON value
 * @param limit - bytes
 * @param maxDepth - nesting the walk follows (an object at the top is depth 1); deeper values
 *   are not bounded, and `false` sends them to the exact measure
 * @returns true when it fits for sure; false when it may not
 * @example fitsJsonBytes({ a: 'b' }, 32 * 1024, 9) // true
 */
export function fitsJsonBytes(value: unknown, limit: number, maxDepth: number): boolean {
  return bound(value, limit, maxDepth) <= limit;
}

/** At most this many characters for any number (`-0.0000012345678901234567` has 25). */
const NUMBER_CHARACTERS = 32;
const UNIT_BYTES = 6;

/** Upper bound of the JSON's bytes; `Infinity` as soon as it passes `budget` or `depth`. */
function bound(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 2 + UNIT_BYTES * value.length;
    case 'number':
      return NUMBER_CHARACTERS;
    case 'object': {
      if (value === null) return 4;
      if (depth < 1) return Number.POSITIVE_INFINITY;
      // Brackets, plus a comma (one too many) before each entry.
      let total = 2;
      if (Array.isArray(value)) {
        for (const item of value) {
          total += 1 + bound(item, budget - total, depth - 1);
          if (total > budget) return Number.POSITIVE_INFINITY;
        }
        return total;
      }
      // `for…in` may also see inherited keys, which only makes the bound larger.
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        total += 4 + UNIT_BYTES * key.length + bound(item, budget - total, depth - 1);
        if (total > budget) return Number.POSITIVE_INFINITY;
      }
      return total;
    }
    default:
      // `true`, `false`, and `null` for what JSON cannot hold.
      return 5;
  }
}
