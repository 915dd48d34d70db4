/**
 * A tiny typed event emitter. A throwing listener is isolated: a debug panel's bug must never
 * break delivery. The arguments are made only when someone listens: the queue keeps events as
 * JSON text and parses them for listeners alone, so `track()` pays nothing for hooks nobody
 * uses (issue 3).
 *
 * @returns `[on, emit]`; `on` returns an unsubscribe function, `emit` takes a function that
 *   makes the listeners' arguments
 */
export const createEmitter = <L extends { [K in keyof L]: (...args: never[]) => void }>() => {
  const hooks: { [K in keyof L]?: Set<L[K]> } = {};
  const on = <K extends keyof L>(type: K, listener: L[K]): (() => void) => {
    const set = hooks[type] ?? new Set();
    hooks[type] = set.add(listener);
    return () => set.delete(listener);
  };
  const emit = <K extends keyof L>(type: K, args: () => Parameters<L[K]>): void => {
    let made: Parameters<L[K]> | undefined;
    hooks[type]?.forEach((listener) => {
      try {
        made ??= args();
        listener(...made);
      } catch {
        // A listener's own error is its own: delivery goes on.
      }
    });
  };
  return [on, emit] as const;
};
