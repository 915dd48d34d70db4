import { createClient } from './createClient';

export type { Client, Stats } from './createClient';
export type { ConsentInit, DropReason, Hooks, Options, Properties } from './options';
export { createClient };

const client = createClient();

/** The default instance's API; see docs/sdk.md. */
export const { init, track, page, identify, reset, flush, consent, debug, on, stats, version } =
  client;
