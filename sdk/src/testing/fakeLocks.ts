/**
 * The part of the Web Locks API the SDK uses (`request` with `ifAvailable`), for unit tests:
 * happy-dom has no `navigator.locks`. A lock is held until the callback's promise settles,
 * as in browsers; `held` lists the names held now (what `navigator.locks.query()` reports).
 *
 * @returns the lock manager, to stub as `navigator.locks`
 * @see https://w3c.github.io/web-locks/
 */
export const fakeLocks = () => {
  const held = new Set<string>();
  return {
    held,
    async request(
      name: string,
      _options: { ifAvailable: boolean },
      callback: (lock: { name: string } | null) => unknown,
    ): Promise<unknown> {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
};
