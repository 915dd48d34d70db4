import type { Client } from './createClient';

/** A call recorded by the snippet stub: method name (`consent.set` for the nested one), arguments. */
export type QueuedCall = [string, unknown[]];

/**
 * Replays calls the snippet queued before the script loaded, in order. A failing call (e.g. an
 * `init()` without a write key) is reported and does not stop the ones after it.
 *
 * @param client - the loaded client
 * @param queue - the stub's `q`, if any
 */
export const drainQueue = (client: Client, queue: QueuedCall[] | undefined): void => {
  for (const [method, args] of queue ?? []) {
    try {
      const fn = method === 'consent.set' ? client.consent.set : client[method as 'track'];
      (fn as (...a: unknown[]) => void)(...args);
    } catch (error) {
      console.error(error);
    }
  }
};
