/**
 * `npm start`: the whole pipeline on this machine (emulator, ingest, lake) on one port, with
 * a live counter line. Ctrl-C stops taking events, stores what was accepted, and exits.
 * @see docs/local.md
 */
import { DEMO_WRITE_KEY, loadLocalConfigOrExit } from './config';
import { startLocalRuntime } from './startLocalRuntime';

const config = loadLocalConfigOrExit('clickstream');

const runtime = await startLocalRuntime({ config }).catch((err: unknown) => {
  console.error(`clickstream: could not start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
const base = `http://localhost:${runtime.port}`;
console.log(`Clickstream is running (data in ${runtime.dataDir})
  demo site        ${base}/
  ingest endpoint  ${base}/v1/batch   (demo write key: ${DEMO_WRITE_KEY})
  dashboard        ${base}/dashboard
  SDK              ${base}/sdk/
  health / stats   ${base}/healthz   ${base}/v1/stats
  SQL              npm run query -- "SELECT count(*) FROM clickstream.events"
Ctrl-C to stop.`);

const tty = process.stdout.isTTY;
const line = (): string => {
  const c = runtime.counters.values;
  const inLake = runtime.lake?.stats().inLake ?? 0;
  return `received ${c.received} · in lake ${inLake} · rejected ${c.rejected} · failed puts ${c.putFailed} · 503s ${c.unavailable}`;
};
let last = '';
const ticker = setInterval(() => {
  const text = line();
  if (text === last) return;
  last = text;
  // On a terminal the counter redraws in place; in a log it is one line per change.
  if (tty) process.stdout.write(`\r\x1b[2K${text}`);
  else console.log(text);
}, 1000);

let signals = 0;
const shutdown = (signal: string): void => {
  if (++signals > 1) {
    console.error(`\n${signal} again: exiting now; unwritten records stay in the stream.`);
    process.exit(130);
  }
  clearInterval(ticker);
  console.log(`\n${signal}: finishing accepted requests and writing the lake…`);
  runtime.stop().then(
    () => {
      console.log(line());
      process.exit(0);
    },
    (err: unknown) => {
      console.error('clickstream: shutdown failed:', err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
