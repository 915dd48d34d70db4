import { gzipSync } from 'node:zlib';
import type { StreamRecord } from '../core/ingest/types';
import { PUT_RECORD_MAX_BYTES, type PutEntry } from './put-records';

/** A Kinesis record ready for `putRecords`, keeping the events it carries for dead-lettering. */
export interface StreamEntry extends PutEntry {
  /** The events whose rows are the record's lines, in order; each one is dead-lettered on its own. */
  readonly records: readonly StreamRecord[];
}

const NEWLINE_BYTES = 1;
/**
 * What gzip may add to incompressible text: 18 bytes of header and trailer, and 5 per stored
 * 16 KiB block (64 in 1 MiB); runs are cut by their text, so their gzip always fits the limit.
 * @see https://www.rfc-editor.org/rfc/rfc1951#section-3.2.4
 */
const GZIP_MAX_OVERHEAD = 512;
/** Most text plus key of a record before gzip: its gzip then fits Kinesis's 1 MiB. */
export const RUN_MAX_BYTES = PUT_RECORD_MAX_BYTES - GZIP_MAX_OVERHEAD;
/**
 * zlib's fastest level: 15x smaller for realistic batches, ~1.8 µs per event; levels up to 6
 * gained at most 15% more for up to twice the CPU (measured 2026-11-26, 20-event batches).
 */
const GZIP_LEVEL = 1;

/**
 * Aggregates one request's stream records into Kinesis records, as the KPL and Snowplow's
 * collector do: each run of consecutive records with the same partition key (the anonymous id,
 * so per-user order holds) becomes one record whose data is their rows as newline-delimited JSON
 * (`JSON.stringify(row)` per line, `\n` between, none after the last), gzipped, as CloudWatch
 * Logs writes its records to Kinesis. A run is cut so that its text plus key, hence its gzip,
 * stay within the 1 MiB record limit. An event alone over the limit gets a record of its own,
 * which `putRecords` refuses as `RecordTooLarge` if even its gzip is too large.
 *
 * Why: every record costs serialization, base64 and handling on the producer, the stream and the
 * consumer, and a shard takes at most 1,000 records/s (or 1 MB/s): one event per record caps a
 * shard at ~1,000 events/s, aggregated it is bound by bytes only. Gzip then cuts those bytes
 * ~15x for a request's events of one user (they share page, context and agent), and with them
 * every per-byte cost downstream: base64 and signing in the SDK, the stream's storage and
 * bandwidth (billed per byte), and the consumer's decoding. Consumers read gzipped and plain
 * records alike (`recordLines`).
 *
 * @param records - a request's records from the ingest core, in order.
 * @returns the `putRecords` entries, in order.
 * @example putRecords(toStreamEntries(result.records), options);
 * @see backend/ARCHITECTURE.md "Stream records"
 * @see https://docs.aws.amazon.com/streams/latest/dev/kinesis-kpl-concepts.html#kinesis-kpl-concepts-aggretation
 */
export function toStreamEntries(records: readonly StreamRecord[]): StreamEntry[] {
  const entries: StreamEntry[] = [];
  let group: StreamRecord[] = [];
  /** Bytes of the run's text, at the front of `scratch`. */
  let end = 0;
  let keyBytes = 0;
  for (const record of records) {
    if (group.length > 0 && record.partitionKey !== (group[0] as StreamRecord).partitionKey) {
      entries.push(entry(end, group));
      group = [];
    }
    const line = JSON.stringify(record.row);
    // The line goes after the run and its newline; UTF-8 takes at most 3 bytes per UTF-16 unit.
    const start = group.length === 0 ? 0 : end + NEWLINE_BYTES;
    reserve(end, start + 3 * line.length);
    const lineBytes = scratch.write(line, start);
    if (group.length > 0 && keyBytes + start + lineBytes > RUN_MAX_BYTES) {
      entries.push(entry(end, group));
      scratch.copyWithin(0, start, start + lineBytes);
      group = [];
      end = lineBytes;
    } else {
      if (group.length > 0) scratch[end] = NEWLINE;
      end = start + lineBytes;
    }
    if (group.length === 0) keyBytes = Buffer.byteLength(record.partitionKey);
    group.push(record);
  }
  if (group.length > 0) entries.push(entry(end, group));
  return entries;
}

const NEWLINE = 0x0a;
/**
 * Where a run's text is encoded, reused by every call, and gzipped from there. Encoding each line
 * into it spares measuring each line (`Buffer.byteLength`), joining the lines and encoding the
 * joined string again for zlib: 240 → 157 µs per request of 20 realistic events (issue 4). It
 * grows to the largest run seen, about 1 MiB at most for events within the contract's limits.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Makes `scratch` hold at least `bytes`, keeping its first `used` bytes. */
function reserve(used: number, bytes: number): void {
  if (bytes <= scratch.length) return;
  const grown = Buffer.allocUnsafe(Math.max(bytes, 2 * scratch.length));
  scratch.copy(grown, 0, 0, used);
  scratch = grown;
}

function entry(bytes: number, records: readonly StreamRecord[]): StreamEntry {
  return {
    data: gzipSync(scratch.subarray(0, bytes), { level: GZIP_LEVEL }),
    partitionKey: (records[0] as StreamRecord).partitionKey,
    records,
  };
}
