import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
} from '@aws-sdk/client-firehose';
import type { LakeRow } from '@clickstream/contract';
import { Client } from '@opensearch-project/opensearch';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { toStreamEntries } from '../../aws/stream-entry';
import { makeLakeRow } from '../../core/stream/fixtures/make-lake-row';
import { createStreamProcessorHandler } from './createStreamProcessorHandler';
import { readStreamProcessorEnv } from './readStreamProcessorEnv';

const firehoseMock = mockClient(FirehoseClient);
const firehose = new FirehoseClient({ region: 'eu-west-1' });
const env = readStreamProcessorEnv({ DELIVERY_STREAM_NAME: 'lake' });
const handler = createStreamProcessorHandler({ env, firehose });

/** A Kinesis record as Lambda's event source mapping delivers it. */
function kinesisRecord(data: string | Uint8Array, sequenceNumber: string): KinesisStreamRecord {
  return {
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/stream-processor',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/clickstream-events',
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'anon-1',
      sequenceNumber,
      approximateArrivalTimestamp: 1764090245.678,
      data: Buffer.from(data).toString('base64'),
    },
  };
}

/**
 * One Kinesis record per item: a row as one record (the format before aggregation), several rows
 * as the ingest aggregates one user's events (`toStreamEntries`), or raw text.
 */
function kinesisEvent(
  items: readonly (LakeRow | readonly LakeRow[] | string)[],
): KinesisStreamEvent {
  return {
    Records: items.map((item, i) =>
      kinesisRecord(
        typeof item === 'string'
          ? item
          : Array.isArray(item)
            ? aggregate(item)
            : JSON.stringify(item),
        String(49_650_000_000_000_000_000_000_000_000_000_000_000_000n + BigInt(i)),
      ),
    ),
  };
}

function aggregate(rows: readonly LakeRow[]): Uint8Array {
  const entries = toStreamEntries(rows.map((row) => ({ partitionKey: 'anon-1', row })));
  expect(entries).toHaveLength(1);
  return entries[0]?.data as Uint8Array;
}

/** Rows Firehose received, in call order. */
const sentRows = () =>
  firehoseMock
    .commandCalls(PutRecordBatchCommand)
    .flatMap(
      (call) =>
        (call.args[0].input as PutRecordBatchCommandInput).Records?.map((r) =>
          JSON.parse(new TextDecoder().decode(r.Data)),
        ) ?? [],
    );

const accepted = (input: PutRecordBatchCommandInput) => ({
  FailedPutCount: 0,
  RequestResponses: input.Records?.map((_, i) => ({ RecordId: `r${i}` })),
});

beforeEach(() => {
  firehoseMock.reset();
  firehoseMock.on(PutRecordBatchCommand).callsFake(accepted);
  // A spy made again keeps the calls of earlier tests: start each test with fresh ones.
  vi.restoreAllMocks();
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

describe('stream-processor handler', () => {
  it('writes every row to Firehose as one JSON line and reports no failures', async () => {
    const rows = [makeLakeRow(), makeLakeRow()];
    expect(await handler(kinesisEvent(rows))).toEqual({ batchItemFailures: [] });
    expect(sentRows()).toEqual(rows);
    const [call] = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(call?.args[0].input.DeliveryStreamName).toBe('lake');
    expect(new TextDecoder().decode(call?.args[0].input.Records?.[0]?.Data).endsWith('}\n')).toBe(
      true,
    );
  });

  it('sends at most 500 records per PutRecordBatch call', async () => {
    const rows = Array.from({ length: 1201 }, () => makeLakeRow());
    await handler(kinesisEvent(rows));
    const sizes = firehoseMock
      .commandCalls(PutRecordBatchCommand)
      .map((c) => c.args[0].input.Records?.length);
    expect(sizes).toEqual([500, 500, 201]);
    expect(sentRows()).toHaveLength(1201);
  });

  it('retries only the entries Firehose reports as failed', async () => {
    const rows = [makeLakeRow(), makeLakeRow(), makeLakeRow()];
    firehoseMock
      .on(PutRecordBatchCommand)
      .callsFakeOnce((input: PutRecordBatchCommandInput) => ({
        FailedPutCount: 1,
        RequestResponses: input.Records?.map((_, i) =>
          i === 1
            ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' }
            : { RecordId: `r${i}` },
        ),
      }))
      .callsFake(accepted);
    expect(await handler(kinesisEvent(rows))).toEqual({ batchItemFailures: [] });
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Records).toHaveLength(1);
    expect(sentRows().map((r) => r.message_id)).toEqual([
      ...rows.map((r) => r.message_id),
      rows[1]?.message_id,
    ]);
  });

  it('reports only the first record that still failed, since Lambda retries from the lowest one', async () => {
    const rows = Array.from({ length: 6 }, () => makeLakeRow());
    const doomed = new Set([rows[3]?.message_id, rows[5]?.message_id]);
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
      const failing =
        input.Records?.map((r) =>
          doomed.has(JSON.parse(new TextDecoder().decode(r.Data)).message_id),
        ) ?? [];
      return {
        FailedPutCount: failing.filter(Boolean).length,
        RequestResponses: failing.map((f, i) =>
          f ? { ErrorCode: 'InternalFailure', ErrorMessage: 'boom' } : { RecordId: `r${i}` },
        ),
      };
    });
    const event = kinesisEvent(rows);
    expect(await handler(event)).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[3]?.kinesis.sequenceNumber }],
    });
    // One first attempt and three retries of the two failing entries.
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(4);
  });

  it('reports the first record when the whole Firehose call keeps failing', async () => {
    firehoseMock.on(PutRecordBatchCommand).rejects(new Error('ServiceUnavailable'));
    const event = kinesisEvent([makeLakeRow(), makeLakeRow()]);
    expect(await handler(event)).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[0]?.kinesis.sequenceNumber }],
    });
  });

  it('logs malformed records with their reason and carries on with the rest', async () => {
    const row = makeLakeRow();
    const event = kinesisEvent(['{"not":"a row"}', row]);
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(sentRows()).toEqual([row]);
    const logged = vi.mocked(console.error).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(logged).toEqual([
      expect.objectContaining({
        message: 'malformed stream record',
        failure: 'malformed_record',
        sequenceNumber: event.Records[0]?.kinesis.sequenceNumber,
        reason: expect.stringMatching(/^not a LakeRow: \/message_id/),
        payload: '{"not":"a row"}',
      }),
    ]);
  });

  it('writes a message_id repeated within the batch once', async () => {
    const row = makeLakeRow();
    await handler(kinesisEvent([row, row, makeLakeRow()]));
    expect(sentRows().map((r) => r.message_id)).toHaveLength(2);
  });

  it('writes every row of aggregated records, next to single-event records from before aggregation', async () => {
    const rows = Array.from({ length: 7 }, () => makeLakeRow());
    const event = kinesisEvent([
      rows[0] as LakeRow,
      rows.slice(1, 4),
      rows[4] as LakeRow,
      rows.slice(5),
    ]);
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(sentRows()).toEqual(rows);
  });

  it('logs a malformed line with its record and line index and writes the good lines of that record', async () => {
    const [a, b] = [makeLakeRow(), makeLakeRow()];
    const data = `${JSON.stringify(a)}\n{"not":"a row"}\n${JSON.stringify(b)}`;
    const event = kinesisEvent([data]);
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(sentRows()).toEqual([a, b]);
    const logged = vi.mocked(console.error).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(logged).toEqual([
      expect.objectContaining({
        message: 'malformed stream record',
        sequenceNumber: event.Records[0]?.kinesis.sequenceNumber,
        recordIndex: 0,
        lineIndex: 1,
        payload: '{"not":"a row"}',
      }),
    ]);
  });

  it('reports the aggregated record that holds the first row Firehose never took', async () => {
    const rows = Array.from({ length: 6 }, () => makeLakeRow());
    const doomed = rows[4]?.message_id;
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
      const failing =
        input.Records?.map(
          (r) => JSON.parse(new TextDecoder().decode(r.Data)).message_id === doomed,
        ) ?? [];
      return {
        FailedPutCount: failing.filter(Boolean).length,
        RequestResponses: failing.map((f, i) =>
          f ? { ErrorCode: 'InternalFailure', ErrorMessage: 'boom' } : { RecordId: `r${i}` },
        ),
      };
    });
    const event = kinesisEvent([rows.slice(0, 3), rows.slice(3)]);
    expect(await handler(event)).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }],
    });
  });
});

describe('stream-processor handler with OpenSearch', () => {
  /** A stand-in `_bulk` endpoint: answers each item with `respond(doc, index)`. */
  let server: Server;
  let bulkBodies: Record<string, unknown>[][] = [];
  let respond: (
    doc: Record<string, unknown>,
    index: string,
    attempt: number,
  ) => { status: number; error?: { type: string; reason: string } };
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const lines = body
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        bulkBodies.push(lines);
        const items = [];
        for (let i = 0; i < lines.length; i += 2) {
          const action = lines[i].index as { _index: string; _id: string };
          const seen = (attempts.get(`${action._index}/${action._id}`) ?? 0) + 1;
          attempts.set(`${action._index}/${action._id}`, seen);
          const result = respond(lines[i + 1], action._index, seen);
          items.push({ index: { _index: action._index, _id: action._id, ...result } });
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ took: 1, errors: items.some((i) => i.index.status >= 300), items }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    bulkBodies = [];
    attempts.clear();
    respond = () => ({ status: 201 });
  });

  const searchHandler = () => {
    const node = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return createStreamProcessorHandler({
      env: {
        deliveryStreamName: 'lake',
        opensearch: { endpoint: node, index: 'events', region: 'eu-west-1' },
      },
      firehose,
      opensearch: new Client({ node }),
    });
  };

  it('indexes each row under its message_id', async () => {
    const rows = [makeLakeRow(), makeLakeRow()];
    expect(await searchHandler()(kinesisEvent(rows))).toEqual({ batchItemFailures: [] });
    expect(bulkBodies).toHaveLength(1);
    expect(bulkBodies[0]).toEqual([
      { index: { _index: 'events', _id: rows[0]?.message_id } },
      rows[0],
      { index: { _index: 'events', _id: rows[1]?.message_id } },
      rows[1],
    ]);
  });

  it('indexes every row of an aggregated record under its own message_id', async () => {
    const rows = [makeLakeRow(), makeLakeRow(), makeLakeRow()];
    expect(await searchHandler()(kinesisEvent([rows]))).toEqual({ batchItemFailures: [] });
    expect(bulkBodies[0]).toEqual(
      rows.flatMap((row) => [{ index: { _index: 'events', _id: row.message_id } }, row]),
    );
    expect(sentRows()).toEqual(rows);
  });

  it('sends mapping errors to <index>-bad with the reason and retries throttled items', async () => {
    const [poison, throttled, fine] = [makeLakeRow(), makeLakeRow(), makeLakeRow()];
    respond = (doc, index, attempt) => {
      if (index === 'events' && doc.message_id === poison?.message_id) {
        return {
          status: 400,
          error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [created_at]' },
        };
      }
      if (doc.message_id === throttled?.message_id && attempt === 1) {
        return {
          status: 429,
          error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
        };
      }
      return { status: 201 };
    };
    expect(await searchHandler()(kinesisEvent([poison, throttled, fine] as LakeRow[]))).toEqual({
      batchItemFailures: [],
    });
    expect(
      bulkBodies.map((b) =>
        b.filter((_, i) => i % 2 === 0).map((a) => (a.index as { _id: string })._id),
      ),
    ).toEqual([
      [poison?.message_id, throttled?.message_id, fine?.message_id],
      [throttled?.message_id],
      [poison?.message_id],
    ]);
    expect(bulkBodies[2]).toEqual([
      { index: { _index: 'events-bad', _id: poison?.message_id } },
      {
        message_id: poison?.message_id,
        received_at: poison?.received_at,
        reason: 'mapper_parsing_exception: failed to parse field [created_at]',
        row: JSON.stringify(poison),
      },
    ]);
  });

  it('reports the first record whose row OpenSearch never accepted', async () => {
    const rows = [makeLakeRow(), makeLakeRow(), makeLakeRow()];
    respond = (doc) =>
      doc.message_id === rows[1]?.message_id
        ? {
            status: 503,
            error: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' },
          }
        : { status: 201 };
    const event = kinesisEvent(rows);
    expect(await searchHandler()(event)).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }],
    });
    expect(sentRows()).toEqual(rows);
  });
});

describe('readStreamProcessorEnv', () => {
  it('defaults the index and leaves OpenSearch off without an endpoint', () => {
    expect(readStreamProcessorEnv({ DELIVERY_STREAM_NAME: 'lake' })).toEqual({
      deliveryStreamName: 'lake',
    });
    expect(
      readStreamProcessorEnv({
        DELIVERY_STREAM_NAME: 'lake',
        OPENSEARCH_ENDPOINT: 'https://search.example.com',
        AWS_REGION: 'eu-west-1',
      }).opensearch,
    ).toEqual({
      endpoint: 'https://search.example.com',
      index: 'clickstream-events',
      region: 'eu-west-1',
    });
  });

  it('names every missing or invalid variable at once', () => {
    expect(() =>
      readStreamProcessorEnv({
        OPENSEARCH_ENDPOINT: 'http://search',
        OPENSEARCH_INDEX: 'Bad Index',
      }),
    ).toThrow(
      'stream processor misconfigured: DELIVERY_STREAM_NAME is not set; OPENSEARCH_ENDPOINT must use https; AWS_REGION is not set (needed to sign OpenSearch requests); OPENSEARCH_INDEX is not a valid index name: Bad Index',
    );
  });
});
