import { isUtf8 } from 'node:buffer';
import { type DecodedRow, decodeLakeRow } from './decode-lake-row';
import { recordLines } from './record-lines';
import type { MalformedRecord, ProcessedBatch, SourcedRow, StreamInputRecord } from './types';

/** Characters of a malformed record's data kept in its bad row. */
export const MALFORMED_PAYLOAD_CHARS = 32 * 1024;

type BadLine = Extract<DecodedRow, { ok: false }> & { readonly lineIndex: number };

/**
 * Turns a batch of stream records into lake rows: splits each record into its lines (the
 * producer aggregates events, see `recordLines`), decodes and validates each line, reports
 * every malformed one with its reason, and keeps each `message_id` once (the stream is
 * at-least-once: SDK retries and producer retries repeat events).
 *
 * A bad line among good ones is reported with its `lineIndex`, and the good lines go on; a
 * record without a good line is reported once, whole, as before aggregation.
 *
 * The Lambda handler and the local consumer both call this; neither re-implements it.
 *
 * @param records - the batch, in stream order
 * @returns rows in stream order, malformed records or lines, and the number of duplicates dropped
 * @example processRecords(event.Records.map((r) => ({ sequenceNumber: r.kinesis.sequenceNumber, data: Buffer.from(r.kinesis.data, 'base64') })))
 */
export function processRecords(records: readonly StreamInputRecord[]): ProcessedBatch {
  const rows: SourcedRow[] = [];
  const malformed: MalformedRecord[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  records.forEach((record, recordIndex) => {
    const lines = recordLines(record.data);
    const bad: BadLine[] = [];
    lines.forEach((json, lineIndex) => {
      const decoded = decodeLakeRow(json);
      if (!decoded.ok) {
        bad.push({ ...decoded, lineIndex });
        return;
      }
      if (seen.has(decoded.row.message_id)) {
        duplicates++;
        return;
      }
      seen.add(decoded.row.message_id);
      rows.push({ row: decoded.row, recordIndex, json });
    });
    const whole = bad.length === lines.length;
    for (const line of whole ? bad.slice(0, 1) : bad) {
      malformed.push({
        failure: 'malformed_record',
        sequenceNumber: record.sequenceNumber,
        recordIndex,
        ...(whole ? {} : { lineIndex: line.lineIndex }),
        reason: line.reason,
        payload: (whole && lines.length > 1 ? recordText(record.data) : line.text).slice(
          0,
          MALFORMED_PAYLOAD_CHARS,
        ),
      });
    }
  });
  return { rows, malformed, duplicates };
}

/** A whole record for its bad row: its text, or base64 when it is not UTF-8. */
function recordText(data: Uint8Array): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return bytes.toString(isUtf8(bytes) ? 'utf8' : 'base64');
}
