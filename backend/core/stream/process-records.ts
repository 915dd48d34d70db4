import { decodeLakeRow } from './decode-lake-row';
import type { MalformedRecord, ProcessedBatch, SourcedRow, StreamInputRecord } from './types';

/** Characters of a malformed record's data kept in its bad row. */
export const MALFORMED_PAYLOAD_CHARS = 32 * 1024;

/**
 * Turns a batch of stream records into lake rows: decodes and validates each record,
 * reports every malformed one with its reason, and keeps each `message_id` once (the
 * stream is at-least-once: SDK retries and producer retries repeat events).
 *
 * The Lambda handler and the local consumer both call this; neither re-implements it.
 *
 * @param records - the batch, in stream order
 * @returns rows in stream order, malformed records and the number of duplicates dropped
 * @example processRecords(event.Records.map((r) => ({ sequenceNumber: r.kinesis.sequenceNumber, data: Buffer.from(r.kinesis.data, 'base64') })))
 */
export function processRecords(records: readonly StreamInputRecord[]): ProcessedBatch {
  const rows: SourcedRow[] = [];
  const malformed: MalformedRecord[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  records.forEach((record, recordIndex) => {
    const decoded = decodeLakeRow(record.data);
    if (!decoded.ok) {
      malformed.push({
        failure: 'malformed_record',
        sequenceNumber: record.sequenceNumber,
        recordIndex,
        reason: decoded.reason,
        payload: decoded.text.slice(0, MALFORMED_PAYLOAD_CHARS),
      });
      return;
    }
    if (seen.has(decoded.row.message_id)) {
      duplicates++;
      return;
    }
    seen.add(decoded.row.message_id);
    rows.push({ row: decoded.row, recordIndex });
  });
  return { rows, malformed, duplicates };
}
