import { SENSITIVE_KEY_SOURCE } from '@clickstream/contract';
import { REDACTED, type ScrubCounter } from './redacted';
import { scrubText } from './scrub-text';

const SENSITIVE_KEY = new RegExp(SENSITIVE_KEY_SOURCE, 'i');

/**
 * Key verdicts, since the same few dozen keys come in every event. Bounded: a client
 * sending random keys only makes it start over.
 */
const keyVerdicts = new Map<string, boolean>();
const MAX_CACHED_KEYS = 4096;

function isSensitiveKey(key: string): boolean {
  let sensitive = keyVerdicts.get(key);
  if (sensitive === undefined) {
    sensitive = SENSITIVE_KEY.test(key);
    if (keyVerdicts.size >= MAX_CACHED_KEYS) keyVerdicts.clear();
    keyVerdicts.set(key, sensitive);
  }
  return sensitive;
}

/**
 * Scrubs a JSON value (`properties`, `traits`) deeply, copy-on-write:
 * - the value of any key matching `SENSITIVE_KEY_SOURCE` (`password`, `card_number`,
 *   `email`, `first_name`, ...) becomes `[REDACTED]` whatever its type, objects and arrays
 *   included; `null` and `''` stay, as they hold nothing;
 * - every other string goes through {@link scrubText}; numbers and booleans stay.
 *
 * The input is never modified. Objects and arrays that needed no change are returned as
 * they are, so a clean value comes back as the same reference. Expects validated input
 * (depth ≤ 8, no `__proto__` keys): the recursion is bounded by the contract's depth limit.
 *
 * @param value - a JSON value as `JSON.parse` returns it
 * @param counter - incremented once per redacted value or match
 * @returns `value` when clean, else a scrubbed copy sharing the unchanged parts
 * @example scrubJson({ password: 'x', note: 'a@b.co' }, counter)
 *   // { password: '[REDACTED]', note: '[REDACTED]' }
 */
export function scrubJson<T>(value: T, counter: ScrubCounter): T {
  return scrubValue(value, counter) as T;
}

function scrubValue(value: unknown, counter: ScrubCounter): unknown {
  if (typeof value === 'string') return scrubText(value, counter);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const clean = scrubValue(item, counter);
      if (clean !== item) {
        out ??= value.slice();
        out[i] = clean;
      }
    }
    return out ?? value;
  }
  const object = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in object) {
    const item = object[key];
    let clean: unknown;
    if (isSensitiveKey(key)) {
      clean = item === null || item === '' || item === REDACTED ? item : REDACTED;
      if (clean !== item) counter.redactions++;
    } else {
      clean = scrubValue(item, counter);
    }
    if (clean !== item) {
      out ??= { ...object };
      out[key] = clean;
    }
  }
  return out ?? object;
}
