/**
 * Takes the Web Lock `name` if nobody holds it and keeps it until the returned `release` is
 * called or the document goes away. A tab holds the lock named after its persisted queue for
 * as long as it lives, so another tab that can take that lock knows the owner is gone and may
 * adopt the queue: exclusive and crash-safe, unlike a heartbeat in localStorage
 * (segmentio/localstorage-retry #27 duplicated events that way). Callers check that
 * `navigator.locks` exists.
 *
 * @param name - the lock name
 * @returns `release` when the lock was taken; `undefined` when it is held elsewhere or the
 *   request failed (opaque origins reject it)
 * @see https://w3c.github.io/web-locks/
 */
export const holdLock = (name: string): Promise<(() => void) | undefined> =>
  new Promise((resolve) => {
    navigator.locks
      .request(name, { ifAvailable: true }, (lock) =>
        // The lock is held until this promise settles. `resolve` is its executor, so what it
        // hands out is that promise's resolver: the `release`.
        lock ? new Promise<void>(resolve) : resolve(undefined),
      )
      .catch(() => resolve(undefined));
  });
