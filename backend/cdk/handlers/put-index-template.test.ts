import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchIndexTemplate } from '../lib/search-index-template';
import { handler } from './put-index-template';

/** A real HTTP server standing in for the domain: records what arrives, answers as told. */
const received: {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}[] = [];
let status = 200;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? '{"acknowledged":true}' : '{"error":"mapper_parsing_exception"}');
  });
});
let endpoint = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session',
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const template = JSON.stringify(searchIndexTemplate('clickstream-events'));
const event = (RequestType: 'Create' | 'Update' | 'Delete') =>
  ({
    RequestType,
    ResourceProperties: {
      Endpoint: endpoint,
      TemplateName: 'clickstream-events',
      Template: template,
    },
  }) as unknown as CloudFormationCustomResourceEvent;

describe('put-index-template handler', () => {
  it('PUTs the template, signed for the es service, on create and update', async () => {
    received.length = 0;
    status = 200;
    await expect(handler(event('Create'))).resolves.toEqual({
      PhysicalResourceId: 'clickstream-events',
    });
    await handler(event('Update'));
    expect(received).toHaveLength(2);
    const [first] = received;
    expect(first).toMatchObject({
      method: 'PUT',
      url: '/_index_template/clickstream-events',
      body: template,
    });
    expect(first?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(first?.headers['x-amz-security-token']).toBe('session');
  });

  it('fails the deployment with OpenSearch’s answer when the template is refused', async () => {
    status = 400;
    await expect(handler(event('Create'))).rejects.toThrow(
      /answered 400: .*mapper_parsing_exception/,
    );
  });

  it('leaves the domain alone on delete', async () => {
    received.length = 0;
    await handler(event('Delete'));
    expect(received).toHaveLength(0);
  });
});
