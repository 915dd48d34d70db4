const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const DATA = Buffer.from('Data');
const PAD = 0x3d;

/** A `GetRecords` answer with its records' data taken out. */
export interface SplitRecordData {
  /** The answer's JSON with each `Data` value replaced by the base64 of its index in `data`. */
  readonly skeleton: Buffer;
  /** Each `Data` value, decoded, in the order of the answer. */
  readonly data: Buffer[];
}

/**
 * Takes the `Data` values out of a `GetRecords` answer's JSON body, decoded from base64, and
 * leaves a small JSON for the SDK's deserializer, where each `Data` is the base64 of its index
 * (`placeholderIndex` reads it back).
 *
 * Why: the SDK turns a whole answer (up to 4 MB from the emulator, 10 MB from Kinesis) into one
 * string for `JSON.parse`, then each record's base64 into another: strings that large are V8
 * large objects, mapped fresh and page-faulted in every time. Measured in a worker thread on
 * this VM: 55–65 ms per 4 MB answer against 4–6 ms taken apart here (issue 4). Decoding from
 * the bytes keeps every string small.
 *
 * Exact or nothing: an answer holding a backslash (an escaped character, which would hide a
 * `Data` key from this scan or change its value) or a `Data` value that is not a string is
 * left whole (`undefined`), and so is one whose data is not base64 the SDK accepts; the SDK
 * then reads it, or says why it cannot.
 *
 * @param body - the answer's bytes (UTF-8 JSON)
 * @returns the skeleton and the data, or `undefined` to let the SDK read the whole answer
 * @example splitRecordData(Buffer.from('{"Records":[{"Data":"aGk=","SequenceNumber":"1"}]}'))
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
 */
export function splitRecordData(body: Uint8Array): SplitRecordData | undefined {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Without escapes, every string is its two quotes: a key can be read off its bytes.
  if (bytes.includes(BACKSLASH)) return undefined;
  const parts: Buffer[] = [];
  const data: Buffer[] = [];
  let copied = 0;
  let at = 0;
  for (;;) {
    const open = bytes.indexOf(QUOTE, at);
    if (open === -1) break;
    const close = bytes.indexOf(QUOTE, open + 1);
    if (close === -1) return undefined;
    at = close + 1;
    if (close - open - 1 !== DATA.length || bytes.compare(DATA, 0, DATA.length, open + 1, close)) {
      continue;
    }
    // A key is followed by a colon; a string value "Data" is not.
    let next = skipSpace(bytes, at);
    if (bytes[next] !== COLON) continue;
    next = skipSpace(bytes, next + 1);
    if (bytes[next] !== QUOTE) return undefined;
    const end = bytes.indexOf(QUOTE, next + 1);
    if (end === -1) return undefined;
    const decoded = decodeBase64(bytes.toString('latin1', next + 1, end));
    if (!decoded) return undefined;
    parts.push(
      bytes.subarray(copied, next + 1),
      Buffer.from(Buffer.from(String(data.length)).toString('base64')),
    );
    data.push(decoded);
    copied = end;
    at = end + 1;
  }
  parts.push(bytes.subarray(copied));
  return { skeleton: Buffer.concat(parts), data };
}

/**
 * The index in `SplitRecordData.data` that the SDK read from a skeleton's `Data`.
 *
 * @param placeholder - a record's `Data` as the SDK decoded it from the skeleton
 * @returns the index
 * @throws Error when it is not an index of `count` values (then the answer was not split here)
 */
export function placeholderIndex(placeholder: Uint8Array, count: number): number {
  const text = Buffer.from(
    placeholder.buffer,
    placeholder.byteOffset,
    placeholder.byteLength,
  ).toString('latin1');
  const index = Number(text);
  if (!/^\d+$/.test(text) || index >= count) {
    throw new Error(`GetRecords: record data placeholder ${JSON.stringify(text)} is not one`);
  }
  return index;
}

/**
 * `Buffer.from(text, 'base64')` when the SDK's `fromBase64` (`@smithy/util-base64`) would accept
 * `text` — a length that is a multiple of 4 and `/^[A-Za-z0-9+/]*={0,2}$/` — else `undefined`
 * (it throws). Without its regex, which cost as much as the rest of the split on 35 KB values:
 * Node's decoder skips or stops at any other character, so the output comes out short, except
 * for the URL-safe `-` and `_`, which it reads and the SDK refuses (property-tested).
 *
 * @param text - a `Data` value, one character per byte
 * @returns the decoded bytes, or `undefined`
 * @example decodeBase64('aGk=') // <Buffer 68 69>
 */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || text.includes('-') || text.includes('_')) return undefined;
  let pad = 0;
  while (pad < text.length && text.charCodeAt(text.length - 1 - pad) === PAD) pad++;
  const decoded = Buffer.from(text, 'base64');
  return pad <= 2 && decoded.length === (text.length / 4) * 3 - pad ? decoded : undefined;
}

/** The first index from `at` that is not JSON whitespace. */
function skipSpace(bytes: Buffer, at: number): number {
  let i = at;
  while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i++;
  return i;
}
