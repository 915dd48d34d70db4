import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../aws/dead-letter';
import { LIVE_DEAD_LETTER_FILE } from './dlq/DeadLetterStore';
import { startTestRuntime, TEST_WRITE_KEY, type TestRuntime, trackEvent } from './startTestRuntime';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
let t: TestRuntime;

beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(async () => {
  await t?.dispose();
});

const deadLetters = async (): Promise<DeadLetter[]> =>
  (await readFile(join(t.dataDir, 'dlq', LIVE_DEAD_LETTER_FILE), 'utf8'))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DeadLetter);

/** `npm run replay` against this runtime's data folder, while the runtime runs. */
const replay = async (): Promise<string> => {
  const { stdout } = await run(
    process.execPath,
    [
      '--no-warnings',
      '--import',
      import.meta.resolve('tsx'),
      join(ROOT, 'backend/local/replay-cli.ts'),
    ],
    {
      cwd: t.dataDir,
      env: {
        ...process.env,
        CLICKSTREAM_DATA_DIR: t.dataDir,
        CLICKSTREAM_SITES: JSON.stringify([{ writeKey: TEST_WRITE_KEY, allowedOrigins: ['*'] }]),
      },
    },
  );
  return stdout;
};

describe('dead letters and replay', () => {
  it('keeps each invalid event in the dead-letter store with its reason, scrubbed', async () => {
    const res = await t.post([
      trackEvent('ok-1'),
      {
        type: 'track',
        messageId: 'bad-1',
        anonymousId: 'a',
        properties: { email: 'x@example.com' },
      },
      { ...trackEvent('denied-1'), context: { consent: { analytics: false } } },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number }[] };
    expect(body.accepted).toBe(1);
    // Consent-denied events are not reported back as rejections: they were not wrong.
    expect(body.rejected.map((r) => r.index)).toEqual([1]);

    const letters = await deadLetters();
    const bad = letters.find((l) => l.messageId === 'bad-1');
    expect(bad).toMatchObject({ failure: 'schema_violation', index: 1, writeKey: TEST_WRITE_KEY });
    expect(bad?.reason).toMatch(/event/);
    expect(bad?.payload).not.toContain('x@example.com');
    const denied = letters.find((l) => l.messageId === 'denied-1');
    expect(denied).toMatchObject({ failure: 'consent_denied' });
    expect(denied?.payload).toBeUndefined();
  });

  it('keeps refused requests too: bad JSON with a snippet, an unknown key without payload', async () => {
    const raw = (body: string, query = '') =>
      fetch(`${t.runtime.url}/v1/batch${query}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body,
      });
    expect((await raw('{"batch": [', `?writeKey=${TEST_WRITE_KEY}`)).status).toBe(400);
    expect((await raw(JSON.stringify({ batch: [trackEvent('x')] }), '?writeKey=nope')).status).toBe(
      401,
    );
    const letters = await deadLetters();
    expect(letters.find((l) => l.failure === 'malformed_request')?.payload).toContain('"batch"');
    const unknown = letters.find((l) => l.failure === 'invalid_write_key');
    expect(unknown).toBeDefined();
    expect(unknown?.payload).toBeUndefined();
  });

  it('replays a fixed event into the lake and leaves the unfixable ones with their reason', async () => {
    // The operator's fix: the missing event name, edited into the dead-letter line.
    const file = join(t.dataDir, 'dlq', LIVE_DEAD_LETTER_FILE);
    const fixed = (await deadLetters()).map((l) =>
      l.messageId === 'bad-1'
        ? { ...l, payload: JSON.stringify({ ...JSON.parse(l.payload ?? '{}'), event: 'Fixed' }) }
        : l,
    );
    await writeFile(file, fixed.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const total = fixed.length;

    const out = await replay();
    expect(out).toMatch(new RegExp(`${total} dead letters read, 1 events back in the stream`));
    await t.waitForLake(2);
    const rows = await t.query(
      `SELECT message_id, event FROM clickstream.events WHERE message_id = 'bad-1'`,
    );
    expect(rows).toEqual([{ message_id: 'bad-1', event: 'Fixed' }]);

    const left = await deadLetters();
    expect(left).toHaveLength(total - 1);
    expect(left.map((l) => l.failure).sort()).toEqual(
      ['consent_denied', 'invalid_write_key', 'malformed_request'].sort(),
    );
    expect(left.every((l) => l.reason.length > 0)).toBe(true);
  });
});
