import { isUtf8 } from 'node:buffer';
import { type DecodedRow, decodeLakeRow } from './decode-lake-row';
import { recordLines } from './record-lines';
import { RecordTextError, recordText } from './record-text';
import type { DecodedBatch, MalformedRecord, SourcedRow, StreamInputRecord } from './types';

/** Characters of a malformed record's data kept in its bad row. */
export const MALFORMED_PAYLOAD_CHARS = 32 * 1024;

type BadLine = Extract<DecodedRow, { ok: false }> & { readonly lineIndex: number };

/**
 * The stream-processor core, row by row: inflates each gzipped record (`recordText`), splits it
 * into its lines (the producer aggregates events, see `recordLines`), decodes and validates each line, hands every valid row
 * whose `message_id` the batch has not had yet to `onRow` as soon as it is read (the stream is
 * at-least-once: SDK retries and producer retries repeat events), and reports every malformed
 * line with its reason.
 *
 * A bad line among good ones is reported with its `lineIndex`, and the good lines go on; a
 * record without a good line is reported once, whole, as before aggregation.
 *
 * Why a callback: a consumer that keeps only what it needs of a row (the local lake keeps its
 * line's bytes) lets the parsed object die young. Collected in an array, a `GetRecords` batch's
 * rows (up to 4 MB of records, ~3,000 rows) outlived V8's young generation, and copying and
 * promoting them doubled the cost of decoding (issue 4). `processRecords` collects them for
 * callers that want them all.
 *
 * @param records - the batch, in stream order
 * @param onRow - called with each valid, first-seen row, in stream order
 * @returns malformed records or lines, and the number of duplicates dropped
 * @example decodeRecords(batch.records, ({ row, json }) => buffer.set(row.message_id, json))
 */
export function decodeRecords(
  records: readonly StreamInputRecord[],
  onRow: (row: SourcedRow) => void,
): DecodedBatch {
  const malformed: MalformedRecord[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (let recordIndex = 0; recordIndex < records.length; recordIndex++) {
    const record = records[recordIndex] as StreamInputRecord;
    const report = (reason: string, payload: string, lineIndex?: number) =>
      malformed.push({
        failure: 'malformed_record',
        sequenceNumber: record.sequenceNumber,
        recordIndex,
        ...(lineIndex === undefined ? {} : { lineIndex }),
        reason,
        payload: payload.slice(0, MALFORMED_PAYLOAD_CHARS),
      });
    let text: Uint8Array;
    try {
      text = recordText(record.data);
    } catch (err) {
      if (!(err instanceof RecordTextError)) throw err;
      report(err.message, wholeRecord(record.data));
      continue;
    }
    const lines = recordLines(text);
    const bad: BadLine[] = [];
    for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
      const json = lines[lineIndex] as Uint8Array;
      const decoded = decodeLakeRow(json);
      if (!decoded.ok) {
        bad.push({ ...decoded, lineIndex });
      } else if (seen.has(decoded.row.message_id)) {
        duplicates++;
      } else {
        seen.add(decoded.row.message_id);
        onRow({ row: decoded.row, recordIndex, json });
      }
    }
    if (bad.length === 0) continue;
    const whole = bad.length === lines.length;
    for (const line of whole ? bad.slice(0, 1) : bad) {
      report(
        line.reason,
        whole && lines.length > 1 ? wholeRecord(text) : line.text,
        whole ? undefined : line.lineIndex,
      );
    }
  }
  return { malformed, duplicates };
}

/** A whole record for its bad row: its text, or base64 when it is not UTF-8 (or not inflated). */
function wholeRecord(data: Uint8Array): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return bytes.toString(isUtf8(bytes) ? 'utf8' : 'base64');
}
