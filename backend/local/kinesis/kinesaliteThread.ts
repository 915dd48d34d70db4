/**
 * Worker-thread entry of the local Kinesis emulator (see `startKinesis`): kinesalite with its
 * hot helpers sped up, on its own event loop so it does not compete with the ingest server's.
 * Messages: → `{ type: 'listening', port }` | `{ type: 'stopped' }`; ← `'stop'`.
 */
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
// Pulls in the ambient types wherever this file is compiled from (the bench's tsconfig too).
/// <reference path="./kinesalite.d.ts" />
import kinesalite from 'kinesalite';
import { speedUpKinesalite } from './speedUpKinesalite';

export interface KinesaliteThreadData {
  readonly path: string;
  readonly port: number;
}

const { path, port } = workerData as KinesaliteThreadData;
const parent = parentPort;
if (!parent) throw new Error('kinesaliteThread must run in a worker thread');

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
