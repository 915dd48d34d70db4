/*
 * localStorage that never throws. Reading `localStorage` itself throws a SecurityError when
 * storage is disabled, and `setItem` throws QuotaExceededError when full or in some private
 * modes (Segment analytics-next #1200 is that bug, still open): callers get `null` / `false` /
 * `[]` and keep working from memory.
 */

const safely = <T>(fn: () => T, fallback?: T): T => {
  try {
    return fn();
  } catch {
    return fallback as T;
  }
};

/**
 * @param key - a storage key
 * @returns the parsed JSON value; `null` when absent, unparseable or unavailable
 */
export const read = <T>(key: string): T | null =>
  safely(() => JSON.parse(localStorage.getItem(key) as string), null);

/**
 * @param key - a storage key
 * @param value - a JSON-serializable value
 * @returns whether the value was stored
 */
export const write = (key: string, value: unknown): boolean =>
  safely(() => {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  }, false);

/**
 * @param key - a storage key
 */
export const remove = (key: string): void => safely(() => localStorage.removeItem(key));

/**
 * @param prefix - a key prefix
 * @returns the localStorage keys that start with it; none when storage is unavailable
 */
export const keys = (prefix: string): string[] =>
  safely(() => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), []);
