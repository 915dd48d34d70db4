import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickstreamEvent } from '@clickstream/contract';
import type { SiteConfig } from '../core/ingest/types';
import { loadLocalConfig } from './config';
import { queryLake } from './lake';
import {
  type LocalRuntime,
  type LocalRuntimeOptions,
  startLocalRuntime,
} from './startLocalRuntime';

export const TEST_WRITE_KEY = 'wk_integration';
export const TEST_ORIGIN = 'https://shop.example.com';

export interface TestRuntime {
  readonly runtime: LocalRuntime;
  readonly dataDir: string;
  /** POSTs `{ batch, writeKey }` to `/v1/batch` from the test site's origin. */
  post(batch: readonly unknown[], init?: { headers?: Record<string, string> }): Promise<Response>;
  /** Runs SQL against this runtime's lake. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Polls `SELECT count(*)` of the events view until it reaches `n` (or the timeout). */
  waitForLake(n: number, timeoutMs?: number): Promise<number>;
  /** Stops the runtime and deletes its data folder. */
  dispose(): Promise<void>;
}

/**
 * Starts the real local runtime (Kinesis emulator, ingest server, lake consumer) on a free port with
 * a temporary data folder, for the integration tests of `backend/local`.
 *
 * @param options - runtime options besides the config; `sites` adds to the test site.
 * @returns helpers bound to the runtime.
 * @example const t = await startTestRuntime(); await t.post([event]); await t.waitForLake(1);
 */
export async function startTestRuntime(
  options: Partial<Omit<LocalRuntimeOptions, 'config'>> & {
    readonly dataDir?: string;
    readonly sites?: readonly SiteConfig[];
  } = {},
): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'clickstream-it-')));
  const base = loadLocalConfig({ PORT: '0', CLICKSTREAM_DATA_DIR: dataDir }, dataDir);
  const config = {
    ...base,
    ingest: {
      sites: [
        { writeKey: TEST_WRITE_KEY, allowedOrigins: [TEST_ORIGIN] },
        ...(options.sites ?? []),
      ],
    },
  };
  const runtime = await startLocalRuntime({ onError: () => {}, ...options, config });
  const query = (sql: string) => queryLake(dataDir, sql);
  return {
    runtime,
    dataDir,
    post: (batch, init) =>
      fetch(`${runtime.url}/v1/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain;charset=UTF-8',
          origin: TEST_ORIGIN,
          ...init?.headers,
        },
        body: JSON.stringify({ batch, writeKey: TEST_WRITE_KEY }),
      }),
    query,
    waitForLake: async (n, timeoutMs = 45_000) => {
      const end = Date.now() + timeoutMs;
      let count = 0;
      while (Date.now() < end) {
        count = Number((await query('SELECT count(*) AS n FROM clickstream.events'))[0]?.n ?? 0);
        if (count >= n) return count;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return count;
    },
    dispose: async () => {
      await runtime.stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid track event with a unique message id and the given anonymous id. */
export function trackEvent(
  messageId: string,
  anonymousId = 'anon-1',
  extra: Partial<ClickstreamEvent> = {},
): ClickstreamEvent {
  return {
    type: 'track',
    event: 'Product Viewed',
    messageId,
    anonymousId,
    timestamp: new Date().toISOString(),
    properties: { product_id: 'SKU-1', price: 9.5 },
    context: { consent: { analytics: true }, page: { path: '/products/1' } },
    ...extra,
  } as ClickstreamEvent;
}
