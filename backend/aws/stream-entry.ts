import type { StreamRecord } from '../core/ingest/types';
import type { PutEntry } from './put-records';

/** A stream record ready for `putRecords`, keeping the record for dead-lettering. */
export interface StreamEntry extends PutEntry {
  readonly record: StreamRecord;
}

const encoder = new TextEncoder();

/**
 * Encodes a stream record the way every consumer decodes it: the record data is
 * `JSON.stringify(row)` in UTF-8 (a `LakeRow`), the partition key is the anonymous id.
 *
 * @param record - a record from the ingest core.
 * @returns the `putRecords` entry.
 * @example putRecords(result.records.map(toStreamEntry), options);
 */
export function toStreamEntry(record: StreamRecord): StreamEntry {
  return {
    data: encoder.encode(JSON.stringify(record.row)),
    partitionKey: record.partitionKey,
    record,
  };
}
