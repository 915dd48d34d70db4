import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { useLocalKinesis } from '../local/kinesis/fixtures/useLocalKinesis';
import { injectPutRecordsFailures } from '../local/kinesis/injectPutRecordsFailures';
import { type PutEntry, putRecords } from './put-records';

const kinesis = useLocalKinesis({ streamName: 'put-records-test', shardCount: 1 });

const entry = (id: string, bytes = 0): PutEntry & { id: string } => ({
  id,
  partitionKey: `anon-${id}`,
  data: new TextEncoder().encode(JSON.stringify({ id, pad: 'x'.repeat(bytes) })),
});

/** Every record in the (single-shard) stream, decoded, in stream order. */
async function readStream(): Promise<string[]> {
  const { Shards } = await kinesis().client.send(
    new ListShardsCommand({ StreamName: kinesis().streamName }),
  );
  const ids: string[] = [];
  for (const shard of Shards ?? []) {
    let { ShardIterator: it } = await kinesis().client.send(
      new GetShardIteratorCommand({
        StreamName: kinesis().streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (it) {
      const out = await kinesis().client.send(
        new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }),
      );
      for (const r of out.Records ?? []) ids.push(JSON.parse(new TextDecoder().decode(r.Data)).id);
      it = out.Records?.length ? out.NextShardIterator : undefined;
    }
  }
  return ids;
}

describe('putRecords', () => {
  const options = () => ({
    client: kinesis().client,
    streamName: kinesis().streamName,
    baseDelayMs: 1,
  });

  it('writes 1,201 records in three calls of at most 500 and reports no failure', async () => {
    const entries = Array.from({ length: 1201 }, (_, i) => entry(`bulk-${i}`));
    let calls = 0;
    const counter = injectPutRecordsFailures(kinesis().client, () => false);
    kinesis().client.middlewareStack.add(
      (next, ctx) => (args) => {
        if (ctx.commandName === 'PutRecordsCommand') calls++;
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    try {
      expect(await putRecords(entries, options())).toEqual([]);
    } finally {
      counter.remove();
      kinesis().client.middlewareStack.remove('countCalls');
    }
    expect(calls).toBe(3);
    const inStream = new Set(await readStream());
    expect(entries.every((e) => inStream.has(e.id))).toBe(true);
  });

  it('splits calls at 5 MB even when fewer than 500 records', async () => {
    const big = Array.from({ length: 12 }, (_, i) => entry(`big-${i}`, 900 * 1024));
    const sizes: number[] = [];
    kinesis().client.middlewareStack.add(
      (next, ctx) => (args) => {
        if (ctx.commandName === 'PutRecordsCommand') {
          const input = args.input as { Records: PutEntry[] };
          sizes.push(input.Records.length);
        }
        return next(args);
      },
      { step: 'initialize', name: 'countSizes' },
    );
    try {
      expect(await putRecords(big, options())).toEqual([]);
    } finally {
      kinesis().client.middlewareStack.remove('countSizes');
    }
    expect(sizes).toEqual([5, 5, 2]);
  });

  it('retries only the records that failed, so each lands exactly once', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => entry(`retry-${i}`));
    const failuresLeft = new Map(entries.map((e, i) => [e.partitionKey, i % 3]));
    const sent: string[] = [];
    const faults = injectPutRecordsFailures(kinesis().client, (r) => {
      sent.push(r.PartitionKey ?? '');
      const left = failuresLeft.get(r.PartitionKey ?? '') ?? 0;
      failuresLeft.set(r.PartitionKey ?? '', left - 1);
      return left > 0;
    });
    try {
      expect(await putRecords(entries, options())).toEqual([]);
    } finally {
      faults.remove();
    }
    expect(faults.injected()).toBe(100 * 1 + 100 * 2);
    // 300 first attempts + 200 second + 100 third: the successes were never resent.
    expect(sent).toHaveLength(600);
    const inStream = (await readStream()).filter((id) => id.startsWith('retry-'));
    expect(inStream.sort()).toEqual(entries.map((e) => e.id).sort());
  });

  it('returns what still fails after the last attempt, with the Kinesis error code', async () => {
    const entries = [entry('doomed-1'), entry('fine-1'), entry('doomed-2')];
    const faults = injectPutRecordsFailures(kinesis().client, (r) =>
      (r.PartitionKey ?? '').includes('doomed'),
    );
    let failed: Awaited<ReturnType<typeof putRecords<ReturnType<typeof entry>>>>;
    try {
      failed = await putRecords(entries, { ...options(), maxAttempts: 3 });
    } finally {
      faults.remove();
    }
    expect(failed.map((f) => [f.entry.id, f.errorCode])).toEqual([
      ['doomed-1', 'ProvisionedThroughputExceededException'],
      ['doomed-2', 'ProvisionedThroughputExceededException'],
    ]);
    expect(faults.injected()).toBe(6);
    const inStream = await readStream();
    expect(inStream).toContain('fine-1');
    expect(inStream).not.toContain('doomed-1');
  });

  it('fails a record over 1 MiB locally instead of failing its whole call', async () => {
    const failed = await putRecords([entry('huge', 1024 * 1024), entry('small')], options());
    expect(failed.map((f) => [f.entry.id, f.errorCode])).toEqual([['huge', 'RecordTooLarge']]);
  });

  it('returns every entry with the error name when the stream does not exist', async () => {
    const failed = await putRecords([entry('nowhere')], {
      client: kinesis().client,
      streamName: 'no-such-stream',
      maxAttempts: 2,
      baseDelayMs: 1,
    });
    expect(failed.map((f) => f.errorCode)).toEqual(['ResourceNotFoundException']);
  });
});
