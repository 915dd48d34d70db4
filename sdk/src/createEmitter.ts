/**
 * A tiny typed event emitter. A throwing listener is isolated: a debug panel's bug must never
 * break delivery. The arguments are made only when someone listens: the queue keeps events as
 * JSON text and parses them for listeners alone, so `track()` pays nothing for hooks nobody
 * uses (issue 3). One set of `[type, listener]` pairs, not a set per type: hooks are few, and
 * it is smaller in the core (issue 3).
 *
 * @returns `[on, emit]`; `on` returns an unsubscribe function, `emit` takes a function that
 *   makes the listeners' arguments
 */
export const createEmitter = <L extends { [K in keyof L]: (...args: never[]) => void }>() => {
  const hooks = new Set<[keyof L, L[keyof L]]>();
  const on = <K extends keyof L>(type: K, listener: L[K]): (() => void) => {
    const hook: [keyof L, L[keyof L]] = [type, listener];
    hooks.add(hook);
    return () => hooks.delete(hook);
  };
  const emit = <K extends keyof L>(type: K, args: () => Parameters<L[K]>): void => {
    let made: Parameters<L[K]> | undefined;
    for (const [kind, listener] of hooks) {
      try {
        if (kind === type) {
          made ??= args();
          (listener as L[K])(...made);
        }
      } catch {
        // A listener's own error is its own: delivery goes on.
      }
    }
  };
  return [on, emit] as const;
};
