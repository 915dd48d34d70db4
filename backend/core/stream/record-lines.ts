const NEWLINE = 0x0a;

/**
 * Splits a stream record's data into its lines: the producer aggregates the rows of consecutive
 * events of one request and partition key into one record, one JSON row per line
 * (`toStreamEntries`). A record written before aggregation holds one JSON object and no newline:
 * it is one line. Splitting the bytes is safe: `JSON.stringify` escapes newlines inside strings,
 * and no byte of a multi-byte UTF-8 sequence is 0x0A.
 *
 * @param data - the record's bytes
 * @returns views of `data` (no copy), one per line, without the newline; a trailing newline
 *   adds no empty last line, but an empty record is one empty line (it is not a row either)
 * @example recordLines(new TextEncoder().encode('{"a":1}\n{"a":2}')).length === 2
 * @see backend/ARCHITECTURE.md "Stream records"
 */
export function recordLines(data: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (;;) {
    const end = data.indexOf(NEWLINE, start);
    if (end === -1) break;
    lines.push(data.subarray(start, end));
    start = end + 1;
  }
  if (start < data.length || lines.length === 0) lines.push(data.subarray(start));
  return lines;
}
