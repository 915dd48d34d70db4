/**
 * Worker-thread entry of the local Kinesis emulator (see `startKinesis`): on its own event loop,
 * so its work does not wait between the ingest server's requests.
 * Messages: → `{ type: 'listening', port }` | `{ type: 'failed', message }` | `{ type: 'stopped' }`; ← `'stop'` | `'memory'` (→ `{ type: 'memory', memory }`).
 */
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { osThreadId } from '../startWorkerThread';
import { threadMemory } from '../threadMemory';
import { createKinesisEmulatorServer } from './createKinesisEmulatorServer';
import { KinesisEmulator } from './KinesisEmulator';

export interface KinesisEmulatorThreadData {
  readonly path: string;
  readonly port: number;
}

const { path, port } = workerData as KinesisEmulatorThreadData;
const parent = parentPort;
if (!parent) throw new Error('kinesisEmulatorThread must run in a worker thread');

// An error thrown here reaches the parent as a structured clone that can lose its message:
// send the message explicitly, then end the thread.
process.on('uncaughtException', (err) => {
  parent.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});

const emulator = new KinesisEmulator(path);
const server = createKinesisEmulatorServer(emulator);
server.listen(port, '127.0.0.1', () => {
  parent.postMessage({
    type: 'listening',
    port: (server.address() as AddressInfo).port,
    tid: osThreadId(),
  });
});
parent.on('message', (message: unknown) => {
  if (message === 'memory') parent.postMessage({ type: 'memory', memory: threadMemory() });
  if (message !== 'stop') return;
  server.closeAllConnections();
  server.close(() => {
    emulator.close();
    parent.postMessage({ type: 'stopped' });
    parent.close();
  });
});
