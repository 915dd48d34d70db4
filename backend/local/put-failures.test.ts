import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../aws/dead-letter';
import { LIVE_DEAD_LETTER_FILE } from './dlq/DeadLetterStore';
import { replayDeadLetters } from './dlq/replayDeadLetters';
import { createKinesisClient } from './kinesis/createKinesisClient';
import {
  type InjectedFailures,
  injectPutRecordsFailures,
} from './kinesis/injectPutRecordsFailures';
import { startTestRuntime, TEST_WRITE_KEY, type TestRuntime, trackEvent } from './startTestRuntime';

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const batches = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, b) =>
    Array.from({ length: 20 }, (_, i) => trackEvent(`${prefix}-${b}-${i}`, `anon-${b}-${i % 4}`)),
  );

describe('PutRecords partial failures', () => {
  it('lose nothing: throttled records are retried until all 1,000 events are in the lake', async () => {
    let faults: InjectedFailures | undefined;
    t = await startTestRuntime({
      onKinesisClient: (client) => {
        faults = injectPutRecordsFailures(client, () => Math.random() < 0.3);
      },
      streamWriter: { maxAttempts: 10, baseDelayMs: 5 },
    });
    const responses = await Promise.all(
      batches(50, 'flaky').map((b) => (t as TestRuntime).post(b)),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(faults?.injected()).toBeGreaterThan(100);
    expect(t.runtime.counters.values.putFailed).toBe(0);
    expect(await t.waitForLake(1000)).toBe(1000);
  });

  it('dead-letter what still fails, answer 200, and replay brings it back', async () => {
    t = await startTestRuntime({
      onKinesisClient: (client) => {
        // One user's records are refused on every attempt.
        injectPutRecordsFailures(client, (r) => r.PartitionKey === 'anon-3-0');
      },
      streamWriter: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const responses = await Promise.all(
      batches(5, 'doomed').map((b) => (t as TestRuntime).post(b)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(t.runtime.counters.values.putFailed).toBe(5);
    const letters = (await readFile(join(t.dataDir, 'dlq', LIVE_DEAD_LETTER_FILE), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DeadLetter);
    expect(letters).toHaveLength(5);
    expect(letters.every((l) => l.failure === 'stream_put_failed')).toBe(true);
    expect(letters[0]?.reason).toMatch(/ProvisionedThroughputExceededException/);
    expect(await t.waitForLake(95)).toBe(95);

    // Kinesis is healthy again: replay through a fresh client to the same emulator.
    const kinesis = createKinesisClient({ endpoint: t.runtime.kinesisEndpoint });
    const report = await replayDeadLetters({
      dir: join(t.dataDir, 'dlq'),
      kinesis,
      streamName: t.runtime.streamName,
      config: { sites: [{ writeKey: TEST_WRITE_KEY, allowedOrigins: [] }] },
    });
    kinesis.destroy();
    expect(report).toMatchObject({ read: 5, replayed: 5, remaining: {} });
    expect(await t.waitForLake(100)).toBe(100);
  });
});
