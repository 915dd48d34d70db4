/**
 * A tiny typed event emitter. A throwing listener is isolated: a debug panel's bug must never
 * break delivery.
 *
 * @returns `[on, emit]`; `on` returns an unsubscribe function
 */
export const createEmitter = <L extends { [K in keyof L]: (...args: never[]) => void }>() => {
  type Entry = [keyof L, (...args: Parameters<L[keyof L]>) => void];
  const listeners = new Set<Entry>();
  const on = <K extends keyof L>(type: K, listener: L[K]): (() => void) => {
    const entry = [type, listener] as unknown as Entry;
    listeners.add(entry);
    return () => listeners.delete(entry);
  };
  const emit = <K extends keyof L>(type: K, ...args: Parameters<L[K]>): void =>
    listeners.forEach(([t, listener]) => {
      try {
        if (t === type) listener(...args);
      } catch {
        // A listener's own error is its own: delivery goes on.
      }
    });
  return [on, emit] as const;
};
