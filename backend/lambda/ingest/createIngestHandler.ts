import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { deliverIngestResult } from '../../aws/deliver-ingest-result';
import { putRecords } from '../../aws/put-records';
import { handleIngest } from '../../core/ingest';
import type { IngestEnv } from './readIngestEnv';
import { sendDeadLetters } from './sendDeadLetters';
import { toIngestRequest } from './toIngestRequest';

export interface IngestHandlerDeps {
  readonly env: IngestEnv;
  readonly kinesis: KinesisClient;
  readonly sqs: SQSClient;
}

/**
 * The ingest Lambda: API Gateway proxy event → ingest core → Kinesis `PutRecords` (failed
 * entries retried, then dead-lettered) and SQS for bad rows → the core's response, or 503 +
 * `Retry-After` when something could not be made durable.
 *
 * @param deps - validated environment and AWS clients (created once per cold start).
 * @returns the handler.
 * @example export const handler = createIngestHandler({ env: readIngestEnv(), kinesis, sqs });
 */
export function createIngestHandler(
  deps: IngestHandlerDeps,
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const { env } = deps;
  return async function ingestHandler(event) {
    const result = handleIngest(toIngestRequest(event, new Date()), env.config);
    try {
      await deliverIngestResult(result, {
        put: (entries) => putRecords(entries, { client: deps.kinesis, streamName: env.streamName }),
        deadLetter: (letters) =>
          sendDeadLetters(letters, { client: deps.sqs, queueUrl: env.dlqQueueUrl }),
      });
    } catch (error) {
      // Structured log line for the metric filter / alarm on unstored events.
      console.error(
        JSON.stringify({ level: 'error', message: 'ingest unavailable', error: String(error) }),
      );
      return {
        statusCode: 503,
        headers: {
          ...result.response.headers,
          'content-type': 'application/json',
          'retry-after': '1',
        },
        body: JSON.stringify({
          ok: false,
          error: { code: 'unavailable', message: 'events could not be stored; retry' },
        }),
      };
    }
    return {
      statusCode: result.response.status,
      headers: { ...result.response.headers },
      body: result.response.body,
    };
  };
}
