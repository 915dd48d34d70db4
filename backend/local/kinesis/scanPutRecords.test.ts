import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import { scanPutRecords } from './scanPutRecords';

/** The body `@aws-sdk/client-kinesis` sends for these records. */
async function sdkBody(
  records: PutRecordsRequestEntry[],
  target: { StreamName?: string; StreamARN?: string },
) {
  let body = Buffer.alloc(0);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          FailedRecordCount: 0,
          Records: records.map((_, i) => ({
            SequenceNumber: String(i),
            ShardId: 'shardId-000000000000',
          })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new KinesisClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  });
  try {
    await client.send(new PutRecordsCommand({ ...target, Records: records }));
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
  return body;
}

/** What `JSON.parse` makes of the body, `Data` as bytes of its base64 like the scan's. */
const parsed = (body: Buffer) => {
  const value = JSON.parse(body.toString('utf8'));
  for (const r of value.Records) r.Data = Buffer.from(r.Data, 'latin1');
  return value;
};

describe('scanPutRecords', () => {
  it('reads the body the AWS SDK sends exactly as JSON.parse does, data left as views of the body', async () => {
    const body = await sdkBody(
      [
        { Data: randomBytes(5000), PartitionKey: 'anon-ü-🙂' },
        { Data: new Uint8Array(), PartitionKey: 'empty' },
        { Data: Buffer.from('{"a":1}\n{"a":2}'), PartitionKey: 'k', ExplicitHashKey: '12345' },
      ],
      { StreamName: 'clickstream-events' },
    );
    const scanned = scanPutRecords(body);
    expect(scanned).toEqual(parsed(body));
    expect(scanned?.Records[0]?.Data.buffer).toBe(body.buffer);
  });

  it('reads a stream given by ARN', async () => {
    const body = await sdkBody([{ Data: Buffer.from('x'), PartitionKey: 'k' }], {
      StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
    });
    expect(scanPutRecords(body)).toEqual(parsed(body));
  });

  it('leaves any other shape to JSON.parse: whitespace, another member order, escapes, a cut body', () => {
    const record = { Data: 'eA==', PartitionKey: 'k' };
    const bodies = [
      JSON.stringify({ Records: [record], StreamName: 's' }, null, 2),
      JSON.stringify({ StreamName: 's', Records: [record] }),
      JSON.stringify({ Records: [{ PartitionKey: 'k', Data: 'eA==' }], StreamName: 's' }),
      JSON.stringify({ Records: [{ ...record, PartitionKey: 'a"b' }], StreamName: 's' }),
      JSON.stringify({ Records: [record], StreamName: 's', Extra: 1 }),
      JSON.stringify({ Records: [record], StreamName: 's' }).slice(0, -1),
      '{"Records":[]}',
    ];
    for (const body of bodies) expect(scanPutRecords(Buffer.from(body))).toBeUndefined();
    expect(
      scanPutRecords(Buffer.from(JSON.stringify({ Records: [record], StreamName: 's' }))),
    ).toBeDefined();
  });
});
