import { randomBytes } from 'node:crypto';
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import type { LakeRow } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import { postRequest, realisticBatch, testConfig } from '../core/ingest/fixtures/realistic-batch';
import { handleIngest } from '../core/ingest/handle-ingest';
import type { IngestResult } from '../core/ingest/types';
import { processRecords } from '../core/stream/process-records';
import { useLocalKinesis } from '../local/kinesis/fixtures/useLocalKinesis';
import { injectPutRecordsFailures } from '../local/kinesis/injectPutRecordsFailures';
import { createShardPoller } from '../local/lake/shard-poller';
import type { DeadLetter } from './dead-letter';
import { deliverIngestResult, type IngestSinks } from './deliver-ingest-result';
import { PUT_RECORD_MAX_BYTES, putRecords } from './put-records';

const kinesis = useLocalKinesis({ thread: 'main', shardCount: 2 });
let streams = 0;

/** Sinks on a fresh stream of the emulator; dead letters are collected as they are stored. */
async function sinksOnNewStream() {
  const { streamName } = await startKinesisStream();
  const letters: DeadLetter[] = [];
  const sinks: IngestSinks = {
    put: (entries) => putRecords(entries, { client: kinesis().client, streamName, baseDelayMs: 1 }),
    deadLetter: async (l) => {
      letters.push(...l);
    },
  };
  /** Every Kinesis record in the stream, then the rows the stream-processor core makes of them. */
  const read = async () => {
    const poller = createShardPoller({ kinesis: kinesis().client, streamName, checkpoints: {} });
    const records = [];
    for (;;) {
      const { batches, errors } = await poller.poll();
      expect(errors).toEqual([]);
      const got = batches.flatMap((b) => b.records);
      if (got.length === 0) break;
      records.push(...got);
      for (const b of batches) poller.advance(b);
    }
    return { records, rows: processRecords(records).rows.map((r) => r.row) };
  };
  return { streamName, sinks, letters, read };
}

async function startKinesisStream() {
  const streamName = `deliver-${++streams}`;
  await kinesis().client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 2 }));
  await waitUntilStreamExists(
    { client: kinesis().client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 },
    { StreamName: streamName },
  );
  return { streamName };
}

/** A real ingest result: the core's output for a batch of `users.length` events. */
function ingest(users: readonly string[]): IngestResult {
  const envelope = realisticBatch(users.length);
  envelope.batch.forEach((event, i) => {
    event.anonymousId = users[i] as string;
    event.messageId = `deliver-${streams}-${i}`;
  });
  const result = handleIngest(postRequest(JSON.stringify(envelope)), testConfig);
  expect(result.records).toHaveLength(users.length);
  return result;
}

const ids = (rows: readonly LakeRow[]) => rows.map((r) => r.message_id);

describe('deliverIngestResult', () => {
  it('puts a request of 20 events of one user as one record that the consumer reads back as 20 rows in order', async () => {
    const { sinks, letters, read } = await sinksOnNewStream();
    const result = ingest(Array.from({ length: 20 }, () => 'anon-one'));
    expect(await deliverIngestResult(result, sinks)).toEqual({
      streamed: 20,
      deadLettered: 0,
      putFailed: 0,
    });
    const { records, rows } = await read();
    expect(records).toHaveLength(1);
    expect(ids(rows)).toEqual(ids(result.records.map((r) => r.row)));
    expect(letters).toEqual([]);
  });

  it('keeps each user’s order when a request mixes users, one record per run of one user', async () => {
    const { sinks, read } = await sinksOnNewStream();
    const users = ['a', 'a', 'a', 'b', 'b', 'a', 'c', 'c'];
    const result = ingest(users);
    await deliverIngestResult(result, sinks);
    const { records, rows } = await read();
    expect(records).toHaveLength(4);
    for (const user of ['a', 'b', 'c']) {
      expect(ids(rows.filter((r) => r.anonymous_id === user))).toEqual(
        ids(result.records.filter((r) => r.partitionKey === user).map((r) => r.row)),
      );
    }
  });

  it('dead-letters every event of a record the stream refused, one stream_put_failed letter each', async () => {
    const { sinks, letters, read } = await sinksOnNewStream();
    const faults = injectPutRecordsFailures(kinesis().client, (r) => r.PartitionKey === 'doomed');
    try {
      const result = ingest(['ok', 'ok', 'doomed', 'doomed', 'doomed', 'ok']);
      expect(await deliverIngestResult(result, sinks)).toEqual({
        streamed: 3,
        deadLettered: 3,
        putFailed: 3,
      });
      const doomed = result.records.filter((r) => r.partitionKey === 'doomed');
      expect(letters).toEqual(
        doomed.map((record) => ({
          failure: 'stream_put_failed',
          reason: expect.stringMatching(/^ProvisionedThroughputExceededException: /),
          receivedAt: record.row.received_at,
          messageId: record.row.message_id,
          record,
        })),
      );
      expect(ids((await read()).rows)).toEqual(
        ids(result.records.filter((r) => r.partitionKey === 'ok').map((r) => r.row)),
      );
    } finally {
      faults.remove();
    }
  });

  it('dead-letters an event over 1 MiB on its own as RecordTooLarge and streams its neighbours', async () => {
    const { sinks, letters, read } = await sinksOnNewStream();
    const real = ingest(['u', 'u', 'u']);
    const huge = {
      ...(real.records[1]?.row as LakeRow),
      // Random bytes in base64: gzip cannot bring them under the limit, as it would repetition.
      properties: JSON.stringify({ blob: randomBytes(PUT_RECORD_MAX_BYTES).toString('base64') }),
    };
    const small = [real.records[0]?.row, real.records[2]?.row] as LakeRow[];
    const result: IngestResult = {
      ...real,
      records: [small[0], huge, small[1]].map((row) => ({
        partitionKey: 'u',
        row: row as LakeRow,
      })),
    };
    expect(await deliverIngestResult(result, sinks)).toMatchObject({ streamed: 2, putFailed: 1 });
    expect(letters).toMatchObject([
      { failure: 'stream_put_failed', messageId: huge.message_id, reason: /^RecordTooLarge: / },
    ]);
    expect(ids((await read()).rows)).toEqual(ids(small));
  });
});
