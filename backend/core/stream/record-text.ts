import { gunzipSized } from '../gunzip-sized';

/**
 * Most bytes a gzipped record may inflate to. The producer's records inflate to at most 1 MiB
 * (`toStreamEntries` cuts runs by their text); the margin is for other producers, the bound for
 * the consumer's memory against a record that would inflate without end.
 */
export const MAX_RECORD_TEXT_BYTES = 2 * 1024 * 1024;

/** The record's data says gzip but does not inflate to the text of at most the limit. */
export class RecordTextError extends Error {
  override readonly name = 'RecordTextError';
}

/**
 * A stream record's text: its data inflated when it is gzip (RFC 1952: it starts with 1F 8B,
 * which no JSON text does), else the data as it is (records written before compression).
 *
 * @param data - the record's data
 * @returns the record's newline-delimited JSON, for `recordLines`
 * @throws RecordTextError when gzip data is corrupt, cut short, or inflates past `MAX_RECORD_TEXT_BYTES`
 * @example recordText(gzipSync('{"a":1}')) // the bytes of {"a":1}
 * @see backend/ARCHITECTURE.md "Stream records"
 */
export function recordText(data: Uint8Array): Uint8Array {
  if (data[0] !== 0x1f || data[1] !== 0x8b) return data;
  try {
    return gunzipSized(data, MAX_RECORD_TEXT_BYTES);
  } catch (err) {
    const why =
      (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        ? `it inflates past ${MAX_RECORD_TEXT_BYTES} bytes`
        : (err as Error).message;
    throw new RecordTextError(`gzip record data does not inflate: ${why}`);
  }
}
