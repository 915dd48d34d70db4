/**
 * The stream-processor core's input and output. Pure: no AWS, no clock, no I/O. The Lambda
 * handler and the local consumer turn their records into `StreamInputRecord`s, write `rows`
 * to the lake (Firehose / Parquet) and `malformed` to their bad-row sink, and only then
 * checkpoint.
 */
import type { LakeRow } from '@clickstream/contract';

/** One record as read from the stream. */
export interface StreamInputRecord {
  /** The record's sequence number: what Lambda's `batchItemFailures` and checkpoints name. */
  readonly sequenceNumber: string;
  /**
   * The record's data: `LakeRow`s as UTF-8 newline-delimited JSON, one line per event, as the
   * ingest put them (`toStreamEntries`); a record from before aggregation is one line.
   */
  readonly data: Uint8Array;
}

/** A validated row, with the position of the record it came from (for partial failures). */
export interface SourcedRow {
  readonly row: LakeRow;
  /** Index of the source record in the batch. */
  readonly recordIndex: number;
  /** The row's line of the record, unchanged: its JSON (a view of the record's data). */
  readonly json: Uint8Array;
}

/** A record, or one line of it, that no retry can fix: it is not a `LakeRow`. */
export interface MalformedRecord {
  readonly failure: 'malformed_record';
  readonly sequenceNumber: string;
  readonly recordIndex: number;
  /**
   * The bad line (from 0) of a record whose other lines are rows, which go on to the lake.
   * Absent when the whole record is bad: then `reason` is its first line's and `payload` is
   * the whole record.
   */
  readonly lineIndex?: number;
  /** e.g. `/created_at: Expected string`. */
  readonly reason: string;
  /** The data as text, truncated to `MALFORMED_PAYLOAD_CHARS`, for inspection and replay. */
  readonly payload: string;
}

/** What is left of a batch once its rows went to `decodeRecords`' callback. */
export interface DecodedBatch {
  readonly malformed: readonly MalformedRecord[];
  /** Rows dropped because an earlier row of the batch had the same `message_id`. */
  readonly duplicates: number;
}

export interface ProcessedBatch extends DecodedBatch {
  /** Valid rows in stream order, each `message_id` once. */
  readonly rows: readonly SourcedRow[];
}
