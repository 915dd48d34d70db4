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
  let lines: string[] = [];
  let group: StreamRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const line = JSON.stringify(record.row);
    const lineBytes = Buffer.byteLength(line);
    const key = group[0]?.partitionKey;
    if (
      key !== undefined &&
      (record.partitionKey !== key || bytes + NEWLINE_BYTES + lineBytes > RUN_MAX_BYTES)
    ) {
      entries.push(entry(lines, group));
      lines = [];
      group = [];
    }
    bytes =
      group.length === 0
        ? Buffer.byteLength(record.partitionKey) + lineBytes
        : bytes + NEWLINE_BYTES + lineBytes;
    lines.push(line);
    group.push(record);
  }
  if (group.length > 0) entries.push(entry(lines, group));
  return entries;
}

function entry(lines: readonly string[], records: readonly StreamRecord[]): StreamEntry {
  return {
    data: gzipSync(lines.join('\n'), { level: GZIP_LEVEL }),
    partitionKey: (records[0] as StreamRecord).partitionKey,
    records,
  };
}
