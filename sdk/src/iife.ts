/*
 * The script-tag build (`dist/clickstream.min.js`): exposes `window.clickstream` and replays
 * what the snippet stub queued. Loading it twice keeps the first instance.
 */
import { type Client, createClient } from './createClient';
import { drainQueue, type QueuedCall } from './drainQueue';
import { VERSION } from './version';

type Global = Window & { clickstream?: Partial<Client> & { q?: QueuedCall[]; v?: string } };

const w = window as Global;
const stub = w.clickstream;
if (!stub?.v) {
  const client = createClient();
  w.clickstream = Object.assign(client, { v: VERSION });
  drainQueue(client, stub?.q);
}
