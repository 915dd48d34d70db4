import type { DropReason, Hooks } from './options';

/**
 * The `on()` hooks. A throwing listener is isolated: a debug panel's bug must never break
 * delivery. The queue keeps events as JSON text; they are parsed for listeners alone, once per
 * emit and only when someone listens, so `track()` pays nothing for hooks nobody uses (issue
 * 3). Parsing here, not at each call site, and one set of `[type, listener]` pairs, not a set
 * per type, are smaller in the core (issue 3).
 *
 * @returns `[on, emit]`; `on` returns an unsubscribe function; `emit` takes the events' JSON
 *   texts (`queued` listeners get the one event itself) and, for `dropped`, the reason
 */
export const createHooks = () => {
  const hooks = new Set<[keyof Hooks, Hooks[keyof Hooks]]>();
  const on = <K extends keyof Hooks>(type: K, listener: Hooks[K]): (() => void) => {
    const hook: [keyof Hooks, Hooks[keyof Hooks]] = [type, listener];
    hooks.add(hook);
    return () => hooks.delete(hook);
  };
  const emit = (type: keyof Hooks, events: string[], reason?: DropReason): void => {
    let made: unknown[] | undefined;
    for (const [kind, listener] of hooks) {
      try {
        if (kind === type) {
          made ??= events.map((e) => JSON.parse(e));
          (listener as (events: unknown, reason?: DropReason) => void)(
            type === 'queued' ? made[0] : made,
            reason,
          );
        }
      } catch {
        // A listener's own error is its own: delivery goes on.
      }
    }
  };
  return [on, emit] as const;
};
