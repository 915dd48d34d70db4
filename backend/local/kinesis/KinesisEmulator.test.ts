import { appendFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  type KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KinesisEmulator } from './KinesisEmulator';
import { startKinesis } from './startKinesis';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kinesis-emulator-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

async function put(client: KinesisClient, streamName: string, ids: readonly string[]) {
  return client.send(
    new PutRecordsCommand({
      StreamName: streamName,
      Records: ids.map((id) => ({ Data: encode(`{"id":"${id}"}`), PartitionKey: `user-${id}` })),
    }),
  );
}

/** Every record of every shard from its start, as `shardId → ids in stream order`. */
async function readAll(client: KinesisClient, streamName: string) {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const byShard: Record<string, { id: string; sequenceNumber: string }[]> = {};
  for (const { ShardId } of Shards) {
    const records: { id: string; sequenceNumber: string }[] = [];
    let { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    for (;;) {
      const out = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 7 }));
      for (const r of out.Records ?? []) {
        records.push({ id: JSON.parse(decode(r.Data)).id, sequenceNumber: r.SequenceNumber ?? '' });
      }
      if (!out.Records?.length) break;
      ShardIterator = out.NextShardIterator;
    }
    byShard[ShardId as string] = records;
  }
  return byShard;
}

describe('the local Kinesis emulator, through the AWS SDK', () => {
  it('keeps each partition key on one shard, in order, with growing sequence numbers', async () => {
    const kinesis = await startKinesis({ dataDir, thread: 'main', shardCount: 3 });
    try {
      const ids = Array.from({ length: 60 }, (_, i) => String(i % 6).padStart(2, '0') + i);
      const out = await put(kinesis.client, kinesis.streamName, ids);
      expect(out.FailedRecordCount).toBe(0);
      expect(out.Records?.every((r) => r.SequenceNumber && r.ShardId)).toBe(true);
      const byShard = await readAll(kinesis.client, kinesis.streamName);
      const read = Object.values(byShard).flat();
      expect(read.map((r) => r.id).sort()).toEqual([...ids].sort());
      for (const records of Object.values(byShard)) {
        const sequences = records.map((r) => BigInt(r.sequenceNumber));
        expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
        expect(records.map((r) => r.id)).toEqual(
          ids.filter((id) => records.some((r) => r.id === id)),
        );
      }
      // Used by more than one shard: the MD5 split spreads keys.
      expect(Object.values(byShard).filter((r) => r.length > 0).length).toBeGreaterThan(1);
    } finally {
      await kinesis.stop();
    }
  });

  it('resumes after a sequence number and refuses one that is not a record of the shard', async () => {
    const kinesis = await startKinesis({ dataDir, thread: 'main', shardCount: 1 });
    try {
      await put(kinesis.client, kinesis.streamName, ['a', 'b', 'c']);
      const [shard] = Object.entries(await readAll(kinesis.client, kinesis.streamName));
      const [shardId, records] = shard as [string, { sequenceNumber: string }[]];
      const after = (StartingSequenceNumber: string) =>
        kinesis.client.send(
          new GetShardIteratorCommand({
            StreamName: kinesis.streamName,
            ShardId: shardId,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            StartingSequenceNumber,
          }),
        );
      const { ShardIterator } = await after(records[0]?.sequenceNumber as string);
      const out = await kinesis.client.send(new GetRecordsCommand({ ShardIterator }));
      expect(out.Records?.map((r) => JSON.parse(decode(r.Data)).id)).toEqual(['b', 'c']);
      // A kinesalite-era checkpoint, or one from a re-created stream.
      await expect(
        after('49668139713526421476394367347478478102394827346012345666'),
      ).rejects.toBeInstanceOf(InvalidArgumentException);
      await expect(
        kinesis.client.send(new DescribeStreamSummaryCommand({ StreamName: 'nope' })),
      ).rejects.toBeInstanceOf(ResourceNotFoundException);
    } finally {
      await kinesis.stop();
    }
  });

  it('keeps acknowledged records across a restart and drops the half-written line of a crash', async () => {
    const first = await startKinesis({ dataDir, thread: 'main', shardCount: 1 });
    await put(first.client, first.streamName, ['kept-1', 'kept-2']);
    await first.stop();
    // What a `kill -9` in the middle of a write can leave behind: a line without its end.
    const log = join(dataDir, 'kinesis', 'streams', first.streamName, 'shard-0.log');
    appendFileSync(log, '1764111111111\teyJpZCI6InRvcm4');
    const second = await startKinesis({ dataDir, thread: 'main' });
    try {
      await put(second.client, second.streamName, ['after']);
      const records = Object.values(await readAll(second.client, second.streamName)).flat();
      expect(records.map((r) => r.id)).toEqual(['kept-1', 'kept-2', 'after']);
      expect(readFileSync(log, 'utf8')).not.toContain('eyJpZCI6InRvcm4');
    } finally {
      await second.stop();
    }
  });

  it('takes PutRecords bodies of other clients too, and refuses Data that is not base64 as Kinesis does', async () => {
    const kinesis = await startKinesis({ dataDir, thread: 'main', shardCount: 1 });
    const send = (body: string) =>
      fetch(kinesis.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Kinesis_20131202.PutRecords',
        },
        body,
      });
    const records = (data: string) => ({
      StreamName: kinesis.streamName,
      Records: [{ PartitionKey: 'k', Data: data }],
    });
    try {
      // Pretty-printed and in another member order: not the SDK's shape, parsed as JSON.
      const valid = Buffer.from('{"id":"other"}').toString('base64');
      expect((await send(JSON.stringify(records(valid), null, 1))).status).toBe(200);
      // A newline or tab would otherwise split the record's line in the shard file.
      for (const data of ['eyJp\nZCI6ImEifQ==', 'eyJp\tZCI6ImEifQ==', 'not base64!']) {
        const refused = await send(JSON.stringify(records(data)));
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ __type: 'SerializationException' });
      }
      const stored = Object.values(await readAll(kinesis.client, kinesis.streamName)).flat();
      expect(stored.map((r) => r.id)).toEqual(['other']);
    } finally {
      await kinesis.stop();
    }
  });

  it('refuses a folder another live process holds, and takes over one left by a dead process', async () => {
    const dir = join(dataDir, 'kinesis');
    const held = new KinesisEmulator(dir);
    held.close();
    // The lock of a process that no longer exists (pid 2^22 + 1 is above Linux's pid_max).
    appendFileSync(join(dir, 'LOCK'), String(2 ** 22 + 1));
    const taken = new KinesisEmulator(dir);
    taken.close();
    // PID 1 is always alive and never this test.
    appendFileSync(join(dir, 'LOCK'), '1');
    expect(() => new KinesisEmulator(dir)).toThrow(/held by process 1 \(lock\)/);
  });
});
