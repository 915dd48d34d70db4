/**
 * A `Storage` for unit tests whose failures can be switched on: `full` makes writes throw
 * QuotaExceededError, `disabled` makes every access throw SecurityError, as browsers do.
 * Items are own enumerable properties, so `Object.keys(storage)` lists them as in browsers.
 * (happy-dom's own localStorage caches methods, so spies on `Storage.prototype` leak between
 * tests.)
 */
export class MemoryStorage {
  static full = false;
  static disabled = false;
  /** Every successful `setItem` key, in order. */
  static writes: string[] = [];

  private static check(write: boolean): void {
    if (MemoryStorage.disabled) throw new DOMException('storage is disabled', 'SecurityError');
    if (write && MemoryStorage.full)
      throw new DOMException('storage is full', 'QuotaExceededError');
  }

  get length(): number {
    MemoryStorage.check(false);
    return Object.keys(this).length;
  }
  key(index: number): string | null {
    MemoryStorage.check(false);
    return Object.keys(this)[index] ?? null;
  }
  getItem(key: string): string | null {
    MemoryStorage.check(false);
    return Object.hasOwn(this, key)
      ? ((this as unknown as Record<string, string>)[key] as string)
      : null;
  }
  setItem(key: string, value: string): void {
    MemoryStorage.check(true);
    (this as unknown as Record<string, string>)[key] = String(value);
    MemoryStorage.writes.push(key);
  }
  removeItem(key: string): void {
    MemoryStorage.check(false);
    delete (this as unknown as Record<string, string>)[key];
  }
  clear(): void {
    for (const key of Object.keys(this)) this.removeItem(key);
  }
}
