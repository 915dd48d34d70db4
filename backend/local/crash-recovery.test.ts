import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryLake } from './lake';
import { closeLakeQueries } from './lake/query-lake';
import type { RuntimeInfo } from './startLocalRuntime';
import { TEST_ORIGIN, TEST_WRITE_KEY, trackEvent } from './startTestRuntime';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = await mkdtemp(join(tmpdir(), 'clickstream-crash-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

/** `npm start` as a separate process, on a free port, with this test's data folder. */
function startProcess(): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--no-warnings', '--import', import.meta.resolve('tsx'), join(ROOT, 'backend/local/start.ts')],
    {
      cwd: dataDir,
      env: {
        ...process.env,
        PORT: '0',
        CLICKSTREAM_DATA_DIR: dataDir,
        CLICKSTREAM_SITES: JSON.stringify([
          { writeKey: TEST_WRITE_KEY, allowedOrigins: [TEST_ORIGIN] },
        ]),
      },
      stdio: 'ignore',
    },
  );
  children.push(child);
  return child;
}

/** The running runtime's URL once `/healthz` says it is ready. */
async function readyUrl(pid: number): Promise<string> {
  for (;;) {
    try {
      const info = JSON.parse(await readFile(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
      if (info.pid === pid && (await fetch(`${info.url}/healthz`)).ok) return info.url;
    } catch {
      // Not written yet, or written by the killed process: keep polling.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('stopping the runtime in the middle of a load', () => {
  it.each([
    ['kill -9', 'SIGKILL'],
    ['Ctrl-C', 'SIGINT'],
  ] as const)(
    '%s loses nothing and duplicates nothing once restarted',
    async (_, signal) => {
      const BATCHES = 120;
      const prefix = signal.toLowerCase();
      const events = (b: number) =>
        Array.from({ length: 20 }, (_, i) => trackEvent(`${prefix}-${b}-${i}`, `anon-${i % 5}`));
      let child = startProcess();
      let url = await readyUrl(child.pid as number);
      let acknowledged = 0;
      let retries = 0;

      // Like the SDK: a batch is re-sent until it gets a 2xx, whatever happens in between.
      const sendUntilAcknowledged = async (b: number): Promise<void> => {
        for (;;) {
          try {
            const res = await fetch(`${url}/v1/batch`, {
              method: 'POST',
              headers: { 'content-type': 'text/plain', origin: TEST_ORIGIN },
              body: JSON.stringify({ batch: events(b), writeKey: TEST_WRITE_KEY }),
            });
            if (res.ok) {
              acknowledged++;
              return;
            }
          } catch {
            // Connection refused or reset: the process is gone.
          }
          retries++;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < BATCHES) await sendUntilAcknowledged(next++);
      };
      const load = Promise.all(Array.from({ length: 6 }, worker));

      while (acknowledged < BATCHES / 3) await new Promise((resolve) => setTimeout(resolve, 10));
      const stopped = child;
      const exited = new Promise((resolve) => stopped.once('exit', resolve));
      stopped.kill(signal);
      expect(await exited).toBe(signal === 'SIGKILL' ? null : 0);
      child = startProcess();
      url = await readyUrl(child.pid as number);
      await load;
      expect(retries).toBeGreaterThan(0);

      const expected = BATCHES * 20;
      const count = async () =>
        (
          await queryLake(
            dataDir,
            `SELECT count(*) AS n, count(DISTINCT message_id) AS distinct_ids FROM clickstream.events WHERE message_id LIKE '${prefix}-%'`,
          )
        )[0] as { n: number; distinct_ids: number };
      const deadline = Date.now() + 60_000;
      let seen = await count();
      while (seen.distinct_ids < expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        seen = await count();
      }
      expect(seen).toEqual({ n: expected, distinct_ids: expected });

      const last = child;
      const code = new Promise((resolve) => last.once('exit', resolve));
      last.kill('SIGINT');
      expect(await code).toBe(0);
    },
    180_000,
  );
});

// Close this worker's cached DuckDB instances before it exits (see closeLakeQueries).
afterAll(closeLakeQueries);
