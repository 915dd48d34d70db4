import type { BadRow, StreamRecord } from '../core/ingest/types';

/**
 * One entry of the dead-letter store (NDJSON line locally, SQS message body in AWS): a bad
 * row from the ingest core, or a record the stream refused after every retry. The latter
 * carries the processed `record` so `replay` can put it back without running the core again.
 */
export interface DeadLetter extends BadRow {
  readonly record?: StreamRecord;
}

/**
 * The dead letter for a stream record that `putRecords` gave up on.
 *
 * @param record - the record as the ingest core made it.
 * @param errorCode - the last Kinesis `ErrorCode` (or error name).
 * @param errorMessage - the last Kinesis `ErrorMessage`.
 * @returns a `stream_put_failed` dead letter keeping the record for replay.
 * @example deadLetterForFailedPut(entry.record, 'ProvisionedThroughputExceededException', 'Rate exceeded');
 */
export function deadLetterForFailedPut(
  record: StreamRecord,
  errorCode: string,
  errorMessage: string,
): DeadLetter {
  return {
    failure: 'stream_put_failed',
    reason: `${errorCode}: ${errorMessage}`,
    receivedAt: record.row.received_at,
    messageId: record.row.message_id,
    record,
  };
}
