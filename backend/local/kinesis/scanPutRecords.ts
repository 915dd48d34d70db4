const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const bytes = (text: string) => Buffer.from(text, 'latin1');
const RECORDS = bytes('{"Records":[');
const DATA = bytes('{"Data":"');
const EXPLICIT_HASH_KEY = bytes(',"ExplicitHashKey":');
const PARTITION_KEY = bytes(',"PartitionKey":');
const STREAM_NAME = bytes(',"StreamName":');
const STREAM_ARN = bytes(',"StreamARN":');

/** A `PutRecords` record whose `Data` is still base64 text, as bytes of the request. */
export interface ScannedRecord {
  readonly Data: Buffer;
  readonly PartitionKey: string;
  readonly ExplicitHashKey?: string;
}

/** A type, not an interface: it is the emulator's `Record<string, unknown>` input. */
export type ScannedPutRecords = {
  readonly Records: ScannedRecord[];
  readonly StreamName?: string;
  readonly StreamARN?: string;
};

/**
 * Reads a `PutRecords` body as `@aws-sdk/client-kinesis` writes it
 * (`{"Records":[{"Data":"…","PartitionKey":"…"},…],"StreamName":"…"}`: members in schema order,
 * no whitespace) without turning it into a string: each `Data` stays a view of the body, to be
 * copied once into the shard file. `JSON.parse` of the body as text and re-encoding the data
 * were most of the emulator's CPU per byte, and records are large once the producer aggregates
 * events (`toStreamEntries`).
 *
 * Only that exact shape is read: anything else (another client's key order or whitespace, an
 * escape anywhere in the body) returns `undefined`, and the caller parses the body as JSON.
 *
 * @param body - the request's bytes.
 * @returns the records, each `Data` unvalidated base64 bytes; `undefined` when not that shape.
 * @example const input = scanPutRecords(body) ?? JSON.parse(body.toString());
 */
export function scanPutRecords(body: Buffer): ScannedPutRecords | undefined {
  // Keys with escapes are rare: the text decoding of strings below assumes there are none.
  if (body.indexOf(BACKSLASH) !== -1 || !startsWith(body, 0, RECORDS)) return undefined;
  const records: ScannedRecord[] = [];
  let at = RECORDS.length;
  for (;;) {
    if (!startsWith(body, at, DATA)) return undefined;
    const dataStart = at + DATA.length;
    const dataEnd = body.indexOf(QUOTE, dataStart);
    if (dataEnd === -1) return undefined;
    at = dataEnd + 1;
    const hashKey = readMember(body, at, EXPLICIT_HASH_KEY);
    if (!hashKey) return undefined;
    at = hashKey.next;
    if (!startsWith(body, at, PARTITION_KEY)) return undefined;
    const key = readString(body, at + PARTITION_KEY.length);
    if (!key || body[key.next] !== 0x7d) return undefined;
    records.push({
      Data: body.subarray(dataStart, dataEnd),
      PartitionKey: key.value,
      ...(hashKey.value === undefined ? {} : { ExplicitHashKey: hashKey.value }),
    });
    at = key.next + 1;
    if (body[at] === 0x2c) {
      at++;
      continue;
    }
    if (body[at] !== 0x5d) return undefined;
    at++;
    break;
  }
  const name = readMember(body, at, STREAM_NAME);
  if (!name) return undefined;
  const arn = readMember(body, name.next, STREAM_ARN);
  if (!arn || body[arn.next] !== 0x7d || arn.next + 1 !== body.length) return undefined;
  return {
    Records: records,
    ...(name.value === undefined ? {} : { StreamName: name.value }),
    ...(arn.value === undefined ? {} : { StreamARN: arn.value }),
  };
}

function startsWith(body: Buffer, at: number, literal: Buffer): boolean {
  const end = at + literal.length;
  return end <= body.length && body.compare(literal, 0, literal.length, at, end) === 0;
}

/**
 * An optional member (`,"Key":"…"`) at `at`: its value and the position after it; no value and
 * `at` when the member is absent; `undefined` when it is there but not a plain string.
 */
function readMember(
  body: Buffer,
  at: number,
  literal: Buffer,
): { value?: string; next: number } | undefined {
  if (!startsWith(body, at, literal)) return { next: at };
  return readString(body, at + literal.length);
}

/** A JSON string without escapes at `at`, and the position after it. */
function readString(body: Buffer, at: number): { value: string; next: number } | undefined {
  if (body[at] !== QUOTE) return undefined;
  const end = body.indexOf(QUOTE, at + 1);
  if (end === -1) return undefined;
  for (let i = at + 1; i < end; i++) if ((body[i] as number) < 0x20) return undefined;
  return { value: body.toString('utf8', at + 1, end), next: end + 1 };
}
