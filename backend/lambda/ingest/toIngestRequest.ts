import type { EventType } from '@clickstream/contract';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IngestRequest } from '../../core/ingest/types';

const SINGLE_EVENT = /\/v1\/(track|page|identify)$/;

/**
 * An API Gateway (REST, proxy integration) event as the ingest core's request. Bodies stay
 * bytes when API Gateway base64-encoded them (binary media types, gzip): decoding is the
 * core's.
 *
 * @param event - the proxy event.
 * @param receivedAt - the invocation's receive time.
 * @returns the core's request.
 * @example handleIngest(toIngestRequest(event, new Date()), config);
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
export function toIngestRequest(event: APIGatewayProxyEvent, receivedAt: Date): IngestRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  const body =
    event.body === null || event.body === undefined
      ? undefined
      : event.isBase64Encoded
        ? new Uint8Array(Buffer.from(event.body, 'base64'))
        : event.body;
  const type = SINGLE_EVENT.exec(event.path ?? '')?.[1] as EventType | undefined;
  return {
    method: event.httpMethod,
    body,
    headers,
    query,
    sourceIp: event.requestContext?.identity?.sourceIp ?? undefined,
    receivedAt,
    ...(type ? { eventType: type } : {}),
  };
}
