import { randomBytes } from 'node:crypto';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { useLocalKinesis } from '../kinesis/fixtures/useLocalKinesis';
import { createShardPoller } from './shard-poller';

const kinesis = useLocalKinesis({ shardCount: 1 });

/** Every record of the stream's one shard as the SDK reads it by itself, data as hex. */
async function readWithSdk(streamName: string): Promise<[string, string][]> {
  const { client } = kinesis();
  const { Shards } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({
      StreamName: streamName,
      ShardId: Shards?.[0]?.ShardId,
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  const { Records } = await client.send(new GetRecordsCommand({ ShardIterator }));
  return (Records ?? []).map((r) => [
    r.SequenceNumber ?? '',
    Buffer.from(r.Data ?? []).toString('hex'),
  ]);
}

let streams = 0;

describe('createShardPoller', () => {
  // Plain keys: the poller decodes the data from the answer's bytes (`splitRecordData`). A key
  // with a quote is escaped in the answer's JSON, which leaves the whole answer to the SDK.
  it.each([
    ['taken apart by the poller', (i: number) => `anon-${i}`],
    ['read whole by the SDK', (i: number) => `"Data" ${i}`],
  ])(
    'reads every record’s sequence number and data exactly as the SDK alone does (%s)',
    async (_, key) => {
      const { client } = kinesis();
      const streamName = `poller-${++streams}`;
      await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
      await waitUntilStreamExists(
        { client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 },
        { StreamName: streamName },
      );
      const data = [
        Buffer.from(`${JSON.stringify({ message_id: 'a', title: 'Größe "x" \\ 靴' })}\n{"b":2}`),
        randomBytes(3000),
        Buffer.from([0xff, 0xfe, 0x0a]),
        randomBytes(1),
      ];
      await client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: data.map((Data, i) => ({ Data, PartitionKey: key(i) })),
        }),
      );
      const poller = createShardPoller({ kinesis: client, streamName, checkpoints: {} });
      const { batches, errors } = await poller.poll();
      expect(errors).toEqual([]);
      const read = batches.flatMap((b) =>
        b.records.map((r) => [r.sequenceNumber, Buffer.from(r.data).toString('hex')]),
      );
      expect(read.map(([, hex]) => hex)).toEqual(data.map((d) => d.toString('hex')));
      expect(read).toEqual(await readWithSdk(streamName));
    },
  );
});
