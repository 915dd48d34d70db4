import { decodeRecords } from './decode-records';
import type { ProcessedBatch, SourcedRow, StreamInputRecord } from './types';

/**
 * Turns a batch of stream records into lake rows: `decodeRecords`, with the rows collected.
 * Each line is validated, every malformed one reported with its reason (and its `lineIndex`
 * when its record has good lines too), and each `message_id` kept once.
 *
 * The Lambda handler calls this; the local consumer calls `decodeRecords` to take each row as
 * it comes. Neither re-implements them.
 *
 * @param records - the batch, in stream order
 * @returns rows in stream order, malformed records or lines, and the number of duplicates dropped
 * @example processRecords(event.Records.map((r) => ({ sequenceNumber: r.kinesis.sequenceNumber, data: Buffer.from(r.kinesis.data, 'base64') })))
 */
export function processRecords(records: readonly StreamInputRecord[]): ProcessedBatch {
  const rows: SourcedRow[] = [];
  const { malformed, duplicates } = decodeRecords(records, (row) => rows.push(row));
  return { rows, malformed, duplicates };
}
