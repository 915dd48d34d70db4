import type { IngestResult } from '../core/ingest/types';
import { type DeadLetter, deadLetterForFailedPut } from './dead-letter';
import type { FailedPut } from './put-records';
import { type StreamEntry, toStreamEntry } from './stream-entry';

/** Where an adapter sends the ingest core's output. */
export interface IngestSinks {
  /** Puts entries into the stream; resolves with those that still failed after retries. */
  put(entries: readonly StreamEntry[]): Promise<readonly FailedPut<StreamEntry>[]>;
  /** Durably stores dead letters; rejects when it could not. */
  deadLetter(letters: readonly DeadLetter[]): Promise<void>;
}

export interface Delivery {
  /** Records now in the stream. */
  readonly streamed: number;
  /** Bad rows plus failed puts now in the dead-letter store. */
  readonly deadLettered: number;
  /** Of those, records the stream refused after every retry. */
  readonly putFailed: number;
}

/**
 * Makes one request's result durable: records into the stream, bad rows and records the
 * stream refused into the dead-letter store. Resolves only when every record is in one of
 * the two; rejects otherwise, and the adapter answers 503 so the client retries (the lake
 * dedups a record that made it before the failure, by messageId).
 *
 * @param result - the ingest core's output for one request.
 * @param sinks - the runtime's stream and dead-letter store.
 * @returns what went where, for the adapter's counters.
 * @example await deliverIngestResult(handleIngest(request, config), sinks);
 */
export async function deliverIngestResult(
  result: IngestResult,
  sinks: IngestSinks,
): Promise<Delivery> {
  const [failed] = await Promise.all([
    result.records.length > 0 ? sinks.put(result.records.map(toStreamEntry)) : [],
    result.badRows.length > 0 ? sinks.deadLetter(result.badRows) : undefined,
  ]);
  if (failed.length > 0) {
    await sinks.deadLetter(
      failed.map((f) => deadLetterForFailedPut(f.entry.record, f.errorCode, f.errorMessage)),
    );
  }
  return {
    streamed: result.records.length - failed.length,
    deadLettered: result.badRows.length + failed.length,
    putFailed: failed.length,
  };
}
