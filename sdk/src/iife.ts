/*
 * The script-tag build (`dist/clickstream.min.js`): exposes `window.clickstream` and replays
 * what the snippet stub queued. Loading it twice keeps the first instance.
 */
import { type Client, createClient } from './createClient';
import { drainQueue, type QueuedCall } from './drainQueue';

type Global = Window & { clickstream?: Partial<Client> & { q?: QueuedCall[] } };

const w = window as Global;
const stub = w.clickstream;
if (!stub?.version) {
  const client = createClient();
  w.clickstream = client;
  drainQueue(client, stub?.q);
}
