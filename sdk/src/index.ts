import { createClient } from './createClient';

export type { Client } from './createClient';
export type { ConsentInit, DropReason, Hooks, Options, Properties, Stats } from './options';
export { createClient };

const client = createClient();

/** The default instance's API; see docs/sdk.md. */
export const { init, track, page, identify, reset, flush, consent, debug, on, stats, version } =
  client;
