import { LIMITS } from '@clickstream/contract';

/**
 * Keys that can rewrite an object's prototype when a consumer copies the event with
 * `obj[key] = value` (prototype pollution, CWE-1321).
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks a parsed JSON value once, bounded by `LIMITS`, and says what is wrong with it:
 * too deep, too many keys, too long a key or string, a prototype-pollution key, a number
 * that is not finite (`1e400` parses to `Infinity`), or a string with a lone surrogate
 * (`"\ud800"` is valid JSON but not valid Unicode, and breaks Parquet and OpenSearch).
 * Recursion stops at the depth limit, so hostile nesting cannot exhaust the stack.
 *
 * @param maxDepth - depth allowed below `value` (an object at the top is depth 1)
 * @returns `undefined` when the value is within limits, else the problem and its path
 * @example inspectJson({ a: { b: 1e400 } }, 8) // 'a.b: number is not finite'
 */
export function inspectJson(value: unknown, maxDepth: number, path = ''): string | undefined {
  switch (typeof value) {
    case 'string':
      if (value.length > LIMITS.maxStringLength) {
        return `${path || 'value'}: string longer than ${LIMITS.maxStringLength}`;
      }
      return value.isWellFormed() ? undefined : `${path || 'value'}: string is not valid Unicode`;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path || 'value'}: number is not finite`;
    case 'object': {
      if (value === null) return undefined;
      if (maxDepth < 1) return `${path || 'value'}: nested deeper than ${LIMITS.maxDepth}`;
      const keys = Object.keys(value);
      if (keys.length > LIMITS.maxKeysPerObject) {
        return `${path || 'value'}: more than ${LIMITS.maxKeysPerObject} entries`;
      }
      for (const key of keys) {
        if (FORBIDDEN_KEYS.has(key)) return `${path ? `${path}.` : ''}${key}: forbidden key`;
        if (key.length > LIMITS.maxKeyLength) {
          return `${path || 'value'}: key longer than ${LIMITS.maxKeyLength}`;
        }
        const problem = inspectJson(
          (value as Record<string, unknown>)[key],
          maxDepth - 1,
          path ? `${path}.${key}` : key,
        );
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
