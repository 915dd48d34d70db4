/// <reference path="./kinesalite.d.ts" />
// (the reference pulls in kinesalite's types wherever this file is compiled from, e.g. bench/)
/**
 * Worker-thread entry of the local Kinesis emulator (see `startKinesis`): kinesalite with its
 * hot helpers sped up, on its own event loop so it does not compete with the ingest server's.
 * Messages: → `{ type: 'listening', port }` | `{ type: 'failed', message }` | `{ type: 'stopped' }`; ← `'stop'`.
 */
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import kinesalite from 'kinesalite';
import { speedUpKinesalite } from './speedUpKinesalite';

export interface KinesaliteThreadData {
  readonly path: string;
  readonly port: number;
}

const { path, port } = workerData as KinesaliteThreadData;
const parent = parentPort;
if (!parent) throw new Error('kinesaliteThread must run in a worker thread');

// An error thrown here reaches the parent as a structured clone that can lose its message
// (LevelDB's lock error arrived as `{}`): send the message explicitly, then end the thread.
process.on('uncaughtException', (err) => {
  parent.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});

speedUpKinesalite();
const server = kinesalite({ path, createStreamMs: 20, deleteStreamMs: 20, updateStreamMs: 20 });
server.listen(port, '127.0.0.1', () => {
  parent.postMessage({ type: 'listening', port: (server.address() as AddressInfo).port });
});
parent.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  server.closeAllConnections();
  server.close((err) => {
    if (err) throw err;
    parent.postMessage({ type: 'stopped' });
    parent.close();
  });
});
