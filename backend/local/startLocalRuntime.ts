import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { IngestSinks } from '../aws/deliver-ingest-result';
import { ingestConfigFor, type LocalConfig } from './config';
import { dashboardRoutes } from './dashboard';
import { DeadLetterStore } from './dlq/DeadLetterStore';
import { StreamWriter, type StreamWriterOptions } from './kinesis/StreamWriter';
import { startKinesis } from './kinesis/startKinesis';
import { type LakePipeline, startLakePipeline } from './lake';
import { type LakeThread, startLakeThread } from './lake/start-lake-thread';
import { limitHeapGrowth } from './limitHeapGrowth';
import { createIngestApp } from './server/createIngestApp';
import { DuplicateCounter } from './server/DuplicateCounter';
import { IngestCounters } from './server/IngestCounters';
import { type ThreadMemory, threadMemory } from './threadMemory';

const ROOT = join(import.meta.dirname, '..', '..');

/** Written to `<dataDir>/runtime.json` while the runtime runs; `replay` finds the emulator in it. */
export interface RuntimeInfo {
  readonly pid: number;
  readonly url: string;
  readonly kinesisEndpoint: string;
  readonly streamName: string;
  readonly startedAt: string;
}

export interface LocalRuntimeOptions {
  readonly config: LocalConfig;
  /**
   * Run the stream → lake consumer. Off only for measuring ingest alone.
   * @default true
   */
  readonly lake?: boolean;
  /** @default `<repo>/demo-site` */
  readonly demoSiteDir?: string;
  /** @default `<repo>/sdk/dist` */
  readonly sdkDir?: string;
  /** Called with the Kinesis client before traffic starts: tests inject faults here. */
  readonly onKinesisClient?: (client: KinesisClient) => void;
  /** Stream writer tuning: calls in flight and retries. @default see `StreamWriterOptions` */
  readonly streamWriter?: Pick<StreamWriterOptions, 'maxInFlight' | 'maxAttempts' | 'baseDelayMs'>;
  /** Where the Kinesis emulator runs. @default 'worker' */
  readonly kinesisThread?: 'worker' | 'main';
  /**
   * Where the lake consumer runs: its own worker thread, or this one (tests that need
   * `stats()` without the thread's snapshot delay).
   * @default 'worker'
   */
  readonly lakeThread?: 'worker' | 'main';
  /**
   * Told about errors that do not stop the runtime (503s, lake write failures).
   * @default console.error
   */
  readonly onError?: (error: unknown) => void;
}

/** `threadMemory()` of each event loop of the runtime; undefined where it does not run (or has stopped). */
export interface RuntimeMemory {
  readonly server: ThreadMemory;
  readonly kinesis: ThreadMemory | undefined;
  readonly lake: ThreadMemory | undefined;
}

export interface LocalRuntime {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly counters: IngestCounters;
  readonly lake: LakePipeline | undefined;
  readonly kinesisEndpoint: string;
  readonly streamName: string;
  /** OS thread ids of the runtime's event loops, for per-thread CPU figures (`/proc/<pid>/task`). */
  readonly threads: { readonly kinesis?: number | undefined; readonly lake?: number | undefined };
  /** Heap and buffers of each thread's isolate, for memory figures (`rss` alone cannot tell them apart). */
  memory(): Promise<RuntimeMemory>;
  /**
   * Stops taking requests (new ones get 503 or a refused connection), waits for the
   * accepted ones to be in the stream or the dead-letter store, lets the lake write what it
   * read, then closes the emulator. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * Starts the whole local pipeline in this process, on three event loops: the Kinesis emulator
 * (worker thread, under `<dataDir>/kinesis`), the ingest HTTP server and the dead-letter store
 * (`<dataDir>/dlq`) on this thread, and the stream → Parquet consumer (worker thread). One
 * process, so a `kill -9` stops all of it and Ctrl-C shuts all of it down in order.
 * `GET /healthz` answers 200 once all of it is up.
 *
 * @param options - configuration and test hooks.
 * @returns the running runtime; call `stop()` to shut it down cleanly.
 * @example const runtime = await startLocalRuntime({ config: loadLocalConfig() });
 * @see docs/local.md
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { config } = options;
  limitHeapGrowth();
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  await mkdir(config.dataDir, { recursive: true });
  const kinesis = await startKinesis({
    dataDir: config.dataDir,
    ...(options.kinesisThread ? { thread: options.kinesisThread } : {}),
  }).catch((err: Error) => {
    // LevelDB allows one process per folder.
    if (/lock/i.test(err.message)) {
      throw new Error(
        `${config.dataDir} is in use by another Clickstream process (${err.message}); stop it or set CLICKSTREAM_DATA_DIR`,
      );
    }
    throw err;
  });
  options.onKinesisClient?.(kinesis.client);
  const writer = new StreamWriter({
    client: kinesis.client,
    streamName: kinesis.streamName,
    ...options.streamWriter,
  });
  const dlq = new DeadLetterStore(join(config.dataDir, 'dlq'));
  const sinks: IngestSinks = {
    put: (entries) => writer.write(entries),
    deadLetter: (letters) => dlq.append(letters),
  };
  const counters = new IngestCounters();
  let ready = false;
  let lake: LakePipeline | undefined;
  let lakeThread: LakeThread | undefined;
  let app: Hono<{ Bindings: import('@hono/node-server').HttpBindings }> | undefined;
  const server = createAdaptorServer({
    fetch: (request, env) => (app as NonNullable<typeof app>).fetch(request, env),
  }) as Server;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await kinesis.stop();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const ingestApp = createIngestApp({
    config: ingestConfigFor(config, port),
    sinks,
    counters,
    duplicates: new DuplicateCounter(),
    isReady: () => ready,
    lakeStats: () => ({ ...lake?.stats() }),
    demoSiteDir: options.demoSiteDir ?? join(ROOT, 'demo-site'),
    sdkDir: options.sdkDir ?? join(ROOT, 'sdk', 'dist'),
    onUnavailable: onError,
  });
  // The dashboard's routes go first: the demo site's static files catch everything else.
  app = new Hono<{ Bindings: import('@hono/node-server').HttpBindings }>()
    .route('/', dashboardRoutes({ dataDir: config.dataDir, recent: (n) => lake?.recent(n) ?? [] }))
    .route('/', ingestApp);
  if (options.lake ?? true) {
    try {
      const lakeOptions = { dataDir: config.dataDir, streamName: kinesis.streamName, onError };
      if (options.lakeThread === 'main') {
        lake = await startLakePipeline({ ...lakeOptions, kinesis: kinesis.client });
      } else {
        lakeThread = await startLakeThread({ ...lakeOptions, endpoint: kinesis.endpoint });
        lake = lakeThread;
      }
    } catch (err) {
      server.close();
      await kinesis.stop();
      throw err;
    }
  }
  const info: RuntimeInfo = {
    pid: process.pid,
    url,
    kinesisEndpoint: kinesis.endpoint,
    streamName: kinesis.streamName,
    startedAt: new Date().toISOString(),
  };
  const infoFile = join(config.dataDir, 'runtime.json');
  await writeFile(infoFile, `${JSON.stringify(info, null, 2)}\n`);
  ready = true;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      ready = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests already being read finish; their events are made durable below.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      server.closeAllConnections();
      await writer.close();
      await dlq.idle();
      await lake?.stop();
      await kinesis.stop();
      await rm(infoFile, { force: true });
    })();
    return stopping;
  };
  return {
    url,
    port,
    dataDir: config.dataDir,
    counters,
    get lake() {
      return lake;
    },
    kinesisEndpoint: kinesis.endpoint,
    streamName: kinesis.streamName,
    threads: { kinesis: kinesis.threadId, lake: lakeThread?.threadId },
    memory: async () => ({
      server: threadMemory(),
      kinesis: await kinesis.memory(),
      lake: await lakeThread?.memory(),
    }),
    stop,
  };
}
