import { gzipSync } from 'node:zlib';
import { KinesisClient, PutRecordsCommand, type PutRecordsInput } from '@aws-sdk/client-kinesis';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../aws/dead-letter';
import { realisticEvent, SHOP_ORIGIN, WRITE_KEY } from '../../core/ingest/fixtures/realistic-batch';
import { recordText } from '../../core/stream/record-text';
import { createIngestHandler } from './createIngestHandler';
import { readIngestEnv } from './readIngestEnv';

/** A record's text, as the stream processor reads it (the ingest gzips records). */
const textOf = (data: Uint8Array | undefined) =>
  new TextDecoder().decode(recordText(data ?? new Uint8Array()));

const kinesisMock = mockClient(KinesisClient);
const sqsMock = mockClient(SQSClient);
const env = readIngestEnv({
  STREAM_NAME: 'events',
  DLQ_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest-dlq',
  CLICKSTREAM_SITES: JSON.stringify([{ writeKey: WRITE_KEY, allowedOrigins: [SHOP_ORIGIN] }]),
});
const handler = createIngestHandler({
  env,
  kinesis: new KinesisClient({ region: 'eu-west-1' }),
  sqs: new SQSClient({ region: 'eu-west-1' }),
});

/** A REST API proxy event as API Gateway delivers it. */
function apiEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/v1/{proxy+}',
    path: '/v1/batch',
    httpMethod: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: SHOP_ORIGIN },
    multiValueHeaders: {},
    queryStringParameters: { writeKey: WRITE_KEY },
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: 'batch' },
    stageVariables: null,
    isBase64Encoded: false,
    body: JSON.stringify({ batch: [realisticEvent(0), realisticEvent(1)] }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: 'POST',
      path: '/prod/v1/batch',
      stage: 'prod',
      requestId: 'req-1',
      requestTimeEpoch: 1764064800000,
      resourceId: 'res',
      resourcePath: '/v1/{proxy+}',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.42',
        user: null,
        userAgent: 'Mozilla/5.0',
        userArn: null,
      },
    },
    ...overrides,
  };
}

const putInputs = (): PutRecordsInput[] =>
  kinesisMock.commandCalls(PutRecordsCommand).map((c) => c.args[0].input);
const sqsLetters = (): DeadLetter[] =>
  sqsMock
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => JSON.parse(e.MessageBody ?? '') as DeadLetter);

beforeEach(() => {
  kinesisMock.reset();
  sqsMock.reset();
  kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsInput) => ({
    FailedRecordCount: 0,
    Records: (input.Records ?? []).map((_, i) => ({
      ShardId: 'shardId-0',
      SequenceNumber: `${i + 1}`,
    })),
  }));
  sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

describe('the ingest Lambda handler', () => {
  it("puts one user's accepted events as one record of JSON lake rows, one per line, keyed by anonymous id, then answers 200", async () => {
    const res = await handler(apiEvent());
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['access-control-allow-origin']).toBe(SHOP_ORIGIN);
    const [input] = putInputs();
    expect(input?.StreamName).toBe('events');
    expect(input?.Records).toHaveLength(1);
    const rows = textOf(input?.Records?.[0]?.Data)
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.message_id)).toEqual([
      realisticEvent(0).messageId,
      realisticEvent(1).messageId,
    ]);
    expect(input?.Records?.[0]?.PartitionKey).toBe(realisticEvent(0).anonymousId);
    expect(rows[0].ip).not.toBe('203.0.113.42');
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('decodes a base64 gzip body and takes the event type from /v1/track', async () => {
    const { type: _type, ...untyped } = realisticEvent(1);
    const body = gzipSync(JSON.stringify({ ...untyped, writeKey: WRITE_KEY })).toString('base64');
    const res = await handler(
      apiEvent({
        path: '/v1/track',
        body,
        isBase64Encoded: true,
        queryStringParameters: { enc: 'gzip', writeKey: WRITE_KEY },
      }),
    );
    expect(res.statusCode).toBe(200);
    const row = JSON.parse(textOf(putInputs()[0]?.Records?.[0]?.Data));
    expect(row.type).toBe('track');
  });

  it('retries only the records Kinesis failed and dead-letters each event of those that never made it', async () => {
    let call = 0;
    const doomed = [realisticEvent(0), realisticEvent(1)].map((e) => ({
      ...e,
      anonymousId: 'anon-doomed',
    }));
    const doomedId = doomed[0]?.messageId as string;
    kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsInput) => {
      call++;
      // The first event is throttled on every attempt, the second only on the first.
      const records = (input.Records ?? []).map((r) =>
        call === 1 || textOf(r.Data).includes(doomedId)
          ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
          : { ShardId: 'shardId-0', SequenceNumber: `${call}` },
      );
      return { FailedRecordCount: records.filter((r) => r.ErrorCode).length, Records: records };
    });
    const res = await handler(
      apiEvent({ body: JSON.stringify({ batch: [...doomed, realisticEvent(2)] }) }),
    );
    expect(res.statusCode).toBe(200);
    const calls = putInputs();
    // 2 records (the doomed user's 2 events, the other user's 1), then both again, then only
    // the doomed one until the attempts run out.
    expect(calls.map((c) => c.Records?.length)).toEqual([2, 2, 1, 1]);
    const letters = sqsLetters();
    expect(letters).toHaveLength(2);
    expect(letters).toMatchObject(
      doomed.map((e) => ({
        failure: 'stream_put_failed',
        messageId: e.messageId,
        reason: expect.stringContaining('ProvisionedThroughputExceededException'),
        record: { partitionKey: 'anon-doomed', row: { message_id: e.messageId } },
      })),
    );
    expect(JSON.parse(res.body)).toMatchObject({ accepted: 3 });
  });

  it('sends invalid events to SQS with their reason and still accepts the valid ones', async () => {
    const res = await handler(
      apiEvent({ body: JSON.stringify({ batch: [realisticEvent(0), { type: 'track' }] }) }),
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ accepted: 1 });
    expect(putInputs()[0]?.Records).toHaveLength(1);
    const [letter] = sqsLetters();
    expect(letter).toMatchObject({ failure: 'schema_violation', index: 1, writeKey: WRITE_KEY });
  });

  it('answers 503 with Retry-After when SQS keeps refusing the dead letters', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
      Successful: [],
      Failed: (input.Entries ?? []).map((e: { Id: string }) => ({
        Id: e.Id,
        Code: 'InternalError',
        SenderFault: false,
      })),
    }));
    const res = await handler(
      apiEvent({ body: JSON.stringify({ batch: [{ type: 'page', name: 7 }] }) }),
    );
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('1');
    // Without this the browser hides Retry-After from the SDK (not a safelisted header).
    expect(res.headers?.['access-control-expose-headers']).toBe('Retry-After');
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(4);
  });

  it('answers a preflight from an allowed origin without touching Kinesis or SQS', async () => {
    const res = await handler(apiEvent({ httpMethod: 'OPTIONS', body: null }));
    expect(res.statusCode).toBe(204);
    expect(res.headers?.['access-control-allow-methods']).toContain('POST');
    expect(putInputs()).toHaveLength(0);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('refuses an unknown origin with 403 and keeps no payload', async () => {
    const res = await handler(
      apiEvent({ headers: { 'content-type': 'text/plain', origin: 'https://evil.example' } }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.headers?.['access-control-allow-origin']).toBeUndefined();
    const [letter] = sqsLetters();
    expect(letter?.failure).toBe('origin_not_allowed');
    expect(letter?.payload).toBeUndefined();
  });
});

describe('readIngestEnv', () => {
  it('names every missing or invalid variable at cold start', () => {
    expect(() =>
      readIngestEnv({ CLICKSTREAM_SITES: '[{"writeKey":""}]', SKEW_DEAD_BAND_MS: '-1' }),
    ).toThrow(
      /STREAM_NAME is not set.*DLQ_QUEUE_URL is not set.*CLICKSTREAM_SITES.*SKEW_DEAD_BAND_MS/,
    );
  });

  it('passes the skew dead-band to the core', () => {
    expect(
      readIngestEnv({
        STREAM_NAME: 's',
        DLQ_QUEUE_URL: 'q',
        CLICKSTREAM_SITES: '[{"writeKey":"k","allowedOrigins":["*"]}]',
        SKEW_DEAD_BAND_MS: '2000',
      }).config,
    ).toEqual({ sites: [{ writeKey: 'k', allowedOrigins: ['*'] }], skewDeadBandMs: 2000 });
  });
});
