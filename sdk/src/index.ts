import { type Client, createClient } from './createClient';

export type { Client } from './createClient';
export type { ConsentInit, DropReason, Hooks, Options, Properties, Stats } from './options';
export { createClient };

const client = createClient();

/** The default instance's API; see docs/sdk.md. */
export const { track, page, identify, reset, flush, consent, debug, on, stats, version } = client;

/**
 * Starts the default instance in a browser; outside one (server-side rendering, where a module
 * that calls it at import time also runs) it does nothing, as every other call does before
 * `init`, instead of throwing on the first browser API. Only the npm build needs this: the
 * script tag runs in pages only, so its core pays no bytes for it.
 */
export const init: Client['init'] = (options) => {
  if (typeof document !== 'undefined') client.init(options);
};
