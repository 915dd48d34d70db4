import { LIMITS } from '@clickstream/contract';

/**
 * Keys that can rewrite an object's prototype when a consumer copies the event with
 * `obj[key] = value` (prototype pollution, CWE-1321).
 */
const isForbiddenKey = (key: string): boolean =>
  key === '__proto__' || key === 'constructor' || key === 'prototype';

/**
 * Walks a parsed JSON value once, bounded by `LIMITS`, and says what is wrong with it:
 * too deep, too many keys, too long a key or string, a prototype-pollution key, a number
 * that is not finite (`1e400` parses to `Infinity`), or a string with a lone surrogate
 * (`"\ud800"` is valid JSON but not valid Unicode, and breaks Parquet and OpenSearch).
 * Recursion stops at the depth limit, so hostile nesting cannot exhaust the stack.
 *
 * @param maxDepth - depth allowed below `value` (an object at the top is depth 1)
 * @returns `undefined` when the value is within limits, else the path and the problem
 * @example inspectJson({ a: { b: 1e400 } }, 8) // 'a.b: number is not finite'
 */
export function inspectJson(value: unknown, maxDepth: number): string | undefined {
  const problem = inspect(value, maxDepth);
  if (problem === undefined) return undefined;
  return `${problem.path.reverse().join('.') || 'value'}: ${problem.message}`;
}

interface Problem {
  /** Keys from the offending value up to the root: built only on failure, so the happy path allocates nothing. */
  readonly path: string[];
  readonly message: string;
}

function inspect(value: unknown, maxDepth: number): Problem | undefined {
  switch (typeof value) {
    case 'string':
      if (value.length > LIMITS.maxStringLength) {
        return { path: [], message: `string longer than ${LIMITS.maxStringLength}` };
      }
      return value.isWellFormed()
        ? undefined
        : { path: [], message: 'string is not valid Unicode' };
    case 'number':
      return Number.isFinite(value) ? undefined : { path: [], message: 'number is not finite' };
    case 'object': {
      if (value === null) return undefined;
      if (maxDepth < 1) return { path: [], message: `nested deeper than ${LIMITS.maxDepth}` };
      if (Array.isArray(value)) return inspectArray(value, maxDepth);
      // `for…in`, not `Object.keys`: no array per object (JSON objects have no inherited
      // enumerable keys; were the prototype polluted, its keys would be checked too, never fewer).
      let count = 0;
      for (const _ in value) count++;
      if (count > LIMITS.maxKeysPerObject) {
        return { path: [], message: `more than ${LIMITS.maxKeysPerObject} entries` };
      }
      for (const key in value) {
        if (isForbiddenKey(key)) return { path: [key], message: 'forbidden key' };
        if (key.length > LIMITS.maxKeyLength) {
          return { path: [], message: `key longer than ${LIMITS.maxKeyLength}` };
        }
        const problem = inspect((value as Record<string, unknown>)[key], maxDepth - 1);
        if (problem) {
          problem.path.push(key);
          return problem;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function inspectArray(value: readonly unknown[], maxDepth: number): Problem | undefined {
  if (value.length > LIMITS.maxKeysPerObject) {
    return { path: [], message: `more than ${LIMITS.maxKeysPerObject} entries` };
  }
  for (let i = 0; i < value.length; i++) {
    const problem = inspect(value[i], maxDepth - 1);
    if (problem) {
      problem.path.push(String(i));
      return problem;
    }
  }
  return undefined;
}
