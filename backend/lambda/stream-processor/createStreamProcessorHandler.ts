import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { Client } from '@opensearch-project/opensearch';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { putRecordBatch } from '../../aws/firehose-put-record-batch';
import { bulkIndexRows } from '../../aws/opensearch-bulk-index';
import { processRecords } from '../../core/stream/process-records';
import type { StreamProcessorEnv } from './readStreamProcessorEnv';

export interface StreamProcessorDeps {
  readonly env: StreamProcessorEnv;
  readonly firehose: FirehoseClient;
  /** Required when `env.opensearch` is set. */
  readonly opensearch?: Client;
}

const NEWLINE = Buffer.from('\n');

/**
 * The stream-processor Lambda: Kinesis batch → stream-processor core → Firehose
 * (`PutRecordBatch`, the Parquet lake) and, when configured, OpenSearch (`_bulk`, the
 * real-time index).
 *
 * Partial failures: Lambda checkpoints at the LOWEST sequence number reported in
 * `batchItemFailures` and retries every record after it, so only the first record whose row
 * could not be written is reported (aws-powertools-lambda-python #2850). Rows after it that did
 * get written are written again on retry; the lake and the index dedup on `message_id`.
 *
 * Each Kinesis record carries the rows of one or more events (the ingest aggregates a request's
 * events per user, `toStreamEntries`); the core de-aggregates them, and a failed row reports its
 * record, so the whole record is retried and its rows that made it are deduped downstream.
 *
 * Malformed records and lines are not failures: no retry can fix them. They are logged as
 * `malformed_record` lines with their reason, data and, for a bad line among good ones, its
 * `lineIndex` (CloudWatch Logs keeps them; a metric filter counts them) and the batch moves on.
 *
 * @param deps - validated environment and clients, created once per cold start
 * @returns the handler
 * @example export const handler = createStreamProcessorHandler({ env: readStreamProcessorEnv(), firehose });
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 */
export function createStreamProcessorHandler(
  deps: StreamProcessorDeps,
): (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse> {
  const { env } = deps;
  if (env.opensearch && !deps.opensearch) {
    throw new Error('OPENSEARCH_ENDPOINT is set but no OpenSearch client was given');
  }
  return async function streamProcessorHandler(event) {
    const records = event.Records.map((r) => ({
      sequenceNumber: r.kinesis.sequenceNumber,
      data: Buffer.from(r.kinesis.data, 'base64'),
    }));
    const { rows, malformed, duplicates } = processRecords(records);
    for (const bad of malformed) {
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'malformed stream record',
          ...bad,
          eventSourceARN: event.Records[bad.recordIndex]?.eventSourceARN,
        }),
      );
    }

    const failed = new Set<number>();
    const firehoseFailures = await putRecordBatch(
      // The core parsed each line unchanged: its bytes are the row's JSON, no need to re-encode.
      rows.map(({ json }) => Buffer.concat([json, NEWLINE])),
      { client: deps.firehose, deliveryStreamName: env.deliveryStreamName },
    );
    for (const f of firehoseFailures) failed.add(f.position);
    let searchBad = 0;
    if (env.opensearch && deps.opensearch) {
      const result = await bulkIndexRows(
        rows.map(({ row }) => row),
        { client: deps.opensearch, index: env.opensearch.index },
      );
      for (const position of result.failed) failed.add(position);
      searchBad = result.bad;
    }

    const firstFailed = Math.min(...[...failed].map((p) => rows[p]?.recordIndex ?? 0));
    console.log(
      JSON.stringify({
        level: failed.size ? 'warn' : 'info',
        message: 'stream batch processed',
        records: records.length,
        rows: rows.length,
        malformed: malformed.length,
        duplicates,
        failedRows: failed.size,
        searchBad,
        ...(firehoseFailures[0] ? { firehoseError: firehoseFailures[0].errorCode } : {}),
      }),
    );
    const itemIdentifier = records[firstFailed]?.sequenceNumber;
    return { batchItemFailures: failed.size && itemIdentifier ? [{ itemIdentifier }] : [] };
  };
}
