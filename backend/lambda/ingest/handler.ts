/**
 * Lambda entry point of the ingest API (API Gateway REST, proxy integration). The environment
 * is read and validated at cold start; clients are reused across invocations.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createIngestHandler } from './createIngestHandler';
import { readIngestEnv } from './readIngestEnv';

// Bounded per-call time: API Gateway gives up after 29 s and the function after 15 s, so the
// SDK's and putRecords' retries must all fit well inside that.
const requestHandler = { connectionTimeout: 1_000, requestTimeout: 2_000 };

export const handler = createIngestHandler({
  env: readIngestEnv(),
  kinesis: new KinesisClient({ requestHandler }),
  sqs: new SQSClient({ requestHandler }),
});
