/**
 * Lambda entry point of the stream processor (Kinesis event source, `ReportBatchItemFailures`).
 * The environment is read and validated at cold start; clients are reused across invocations.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { createStreamProcessorHandler } from './createStreamProcessorHandler';
import { readStreamProcessorEnv } from './readStreamProcessorEnv';

const env = readStreamProcessorEnv();
// Bounded per-call time, so every retry fits well inside the function timeout.
const firehose = new FirehoseClient({
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
});
const opensearch = env.opensearch
  ? new Client({
      ...AwsSigv4Signer({
        region: env.opensearch.region,
        service: 'es',
        // The Firehose client's provider chain (the function's role): no second SDK copy.
        getCredentials: () => firehose.config.credentials(),
      }),
      node: env.opensearch.endpoint,
      requestTimeout: 10_000,
    })
  : undefined;

export const handler = createStreamProcessorHandler({
  env,
  firehose,
  ...(opensearch ? { opensearch } : {}),
});
