import type { StreamRecord } from '../core/ingest/types';
import { PUT_RECORD_MAX_BYTES, type PutEntry } from './put-records';

/** A Kinesis record ready for `putRecords`, keeping the events it carries for dead-lettering. */
export interface StreamEntry extends PutEntry {
  /** The events whose rows are the record's lines, in order; each one is dead-lettered on its own. */
  readonly records: readonly StreamRecord[];
}

const NEWLINE_BYTES = 1;

/**
 * Aggregates one request's stream records into Kinesis records, as the KPL and Snowplow's
 * collector do: each run of consecutive records with the same partition key (the anonymous id,
 * so per-user order holds) becomes one record whose data is their rows as newline-delimited JSON
 * (`JSON.stringify(row)` per line, `\n` between, none after the last), cut so that data plus key
 * stay within the 1 MiB record limit. An event alone over the limit gets a record of its own,
 * which `putRecords` refuses as `RecordTooLarge`.
 *
 * Why: every record costs serialization, base64 and handling on the producer, the stream and the
 * consumer, and a shard takes at most 1,000 records/s (or 1 MB/s): one event per record caps a
 * shard at ~1,000 events/s, aggregated it is bound by bytes only. A record of one event is
 * byte-for-byte the format before aggregation, so consumers read both (`processRecords`).
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
      (record.partitionKey !== key || bytes + NEWLINE_BYTES + lineBytes > PUT_RECORD_MAX_BYTES)
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
    data: Buffer.from(lines.join('\n')),
    partitionKey: (records[0] as StreamRecord).partitionKey,
    records,
  };
}
