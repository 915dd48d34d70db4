/*
 * localStorage that never throws. Reading `localStorage` itself throws a SecurityError when
 * storage is disabled, and `setItem` throws QuotaExceededError when full or in some private
 * modes (Segment analytics-next #1200 is that bug, still open): callers get nothing / `[]` and keep
 * working from memory.
 */

const safely = <T, F = undefined>(fn: () => T, fallback?: F): T | F => {
  try {
    return fn();
  } catch {
    return fallback as F;
  }
};

/**
 * @param key - a storage key
 * @returns the parsed JSON value; `null` when absent, `undefined` when unparseable or unavailable
 */
export const read = <T>(key: string): T | null | undefined =>
  safely(() => JSON.parse(localStorage.getItem(key) as string));

/**
 * @param key - a storage key
 * @param json - the value's JSON text (the queue stores events as the text it sends)
 * @returns whether the value was stored
 */
export const write = (key: string, json: string): boolean | undefined =>
  safely(() => {
    localStorage.setItem(key, json);
    return true;
  });

/**
 * @param key - a storage key
 */
export const remove = (key: string): void => safely(() => localStorage.removeItem(key));

/**
 * @param prefix - a key prefix
 * @returns the localStorage keys that start with it; none when storage is unavailable
 */
export const keys = (prefix: string): string[] =>
  safely(() => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), [] as string[]);
