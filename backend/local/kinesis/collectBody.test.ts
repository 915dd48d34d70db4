import { randomBytes } from 'node:crypto';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import { useLocalKinesis } from './fixtures/useLocalKinesis';

const kinesis = useLocalKinesis({ thread: 'main', shardCount: 1 });

/** `GetRecords` of the whole (one-shard) stream through `client`. */
async function readAll(client: KinesisClient) {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({
      StreamName: kinesis().streamName,
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  const out = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }));
  return (out.Records ?? []).map((r) => ({
    data: Buffer.from(r.Data ?? []).toString('base64'),
    key: r.PartitionKey,
    sequenceNumber: r.SequenceNumber,
    arrival: r.ApproximateArrivalTimestamp?.getTime(),
  }));
}

describe('collectBody', () => {
  it('gives the SDK answers it reads exactly as with its own collector: binary data, non-ASCII keys, a 3.6 MB answer', async () => {
    const records = [
      { Data: randomBytes(1000), PartitionKey: 'anon-ü-🙂' },
      { Data: Buffer.from('{"title":"Größe – 靴"}\n{"a":1}'), PartitionKey: 'anon-a' },
      ...Array.from({ length: 3 }, () => ({ Data: randomBytes(900_000), PartitionKey: 'big' })),
    ];
    for (const r of records) {
      await kinesis().client.send(
        new PutRecordsCommand({ StreamName: kinesis().streamName, Records: [r] }),
      );
    }
    const sdkDefaults = new KinesisClient({
      endpoint: kinesis().endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    });
    try {
      const ours = await readAll(kinesis().client);
      expect(ours.map((r) => [r.key, r.data])).toEqual(
        records.map((r) => [r.PartitionKey, Buffer.from(r.Data).toString('base64')]),
      );
      expect(ours).toEqual(await readAll(sdkDefaults));
    } finally {
      sdkDefaults.destroy();
    }
  });
});
