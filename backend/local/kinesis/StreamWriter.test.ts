import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEntry } from '../../aws/stream-entry';
import { injectPutRecordsFailures } from './injectPutRecordsFailures';
import { StreamBusyError, StreamWriter } from './StreamWriter';
import { type LocalKinesis, startKinesis } from './startKinesis';

let dataDir: string;
let kinesis: LocalKinesis;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stream-writer-'));
  kinesis = await startKinesis({ dataDir, thread: 'main' });
});
afterAll(async () => {
  await kinesis?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const entries = (n: number, prefix: string): StreamEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    data: new TextEncoder().encode(`{"message_id":"${prefix}-${i}"}`),
    partitionKey: `anon-${i % 7}`,
    // Only the writer's bookkeeping reads `records`; the row content is irrelevant here.
    records: [
      { partitionKey: `anon-${i % 7}`, row: { message_id: `${prefix}-${i}` } },
    ] as unknown as StreamEntry['records'],
  }));

describe('StreamWriter', () => {
  it('puts the records of 50 concurrent requests of 20 in a few shared calls', async () => {
    const writer = new StreamWriter({
      client: kinesis.client,
      streamName: kinesis.streamName,
      maxInFlight: 1,
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, r) => writer.write(entries(20, `req${r}`))),
    );
    expect(results.every((failed) => failed.length === 0)).toBe(true);
    // 1,000 records: two full calls of 500 after the first turn, not 50 calls of 20.
    expect(writer.calls).toBeLessThanOrEqual(3);
  });

  it('gives each request back exactly its own records that failed every retry', async () => {
    const faults = injectPutRecordsFailures(kinesis.client, (r) => r.PartitionKey === 'anon-3');
    const writer = new StreamWriter({
      client: kinesis.client,
      streamName: kinesis.streamName,
      maxAttempts: 2,
      baseDelayMs: 1,
    });
    try {
      const [a, b] = await Promise.all([
        writer.write(entries(10, 'a')),
        writer.write(entries(10, 'b')),
      ]);
      expect(a?.map((f) => f.entry.records[0]?.row.message_id)).toEqual(['a-3']);
      expect(b?.map((f) => f.entry.records[0]?.row.message_id)).toEqual(['b-3']);
    } finally {
      faults.remove();
    }
  });

  it('refuses writes beyond its queue bound and after close, and close waits for the rest', async () => {
    const writer = new StreamWriter({
      client: kinesis.client,
      streamName: kinesis.streamName,
      maxQueued: 100,
    });
    const accepted = writer.write(entries(80, 'bound'));
    await expect(writer.write(entries(30, 'over'))).rejects.toBeInstanceOf(StreamBusyError);
    await writer.close();
    expect(writer.pending).toBe(0);
    expect(await accepted).toEqual([]);
    await expect(writer.write(entries(1, 'late'))).rejects.toBeInstanceOf(StreamBusyError);
  });
});
