import type { IngestResult } from '../core/ingest/types';
import { type DeadLetter, deadLetterForFailedPut } from './dead-letter';
import type { FailedPut } from './put-records';
import { type StreamEntry, toStreamEntries } from './stream-entry';

/** Where an adapter sends the ingest core's output. */
export interface IngestSinks {
  /** Puts entries into the stream; resolves with those that still failed after retries. */
  put(entries: readonly StreamEntry[]): Promise<readonly FailedPut<StreamEntry>[]>;
  /** Durably stores dead letters; rejects when it could not. */
  deadLetter(letters: readonly DeadLetter[]): Promise<void>;
}

export interface Delivery {
  /** Events now in the stream. */
  readonly streamed: number;
  /** Bad rows plus failed puts now in the dead-letter store. */
  readonly deadLettered: number;
  /** Of those, events whose stream record the stream refused after every retry. */
  readonly putFailed: number;
}

/**
 * Makes one request's result durable: records into the stream (aggregated, see
 * `toStreamEntries`), bad rows and the events of records the stream refused into the
 * dead-letter store, one `stream_put_failed` letter per event. Resolves only when every event is
 * in one of the two; rejects otherwise, and the adapter answers 503 so the client retries (the
 * lake dedups an event that made it before the failure, by messageId).
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
    result.records.length > 0 ? sinks.put(toStreamEntries(result.records)) : [],
    result.badRows.length > 0 ? sinks.deadLetter(result.badRows) : undefined,
  ]);
  const letters = failed.flatMap((f) =>
    f.entry.records.map((record) => deadLetterForFailedPut(record, f.errorCode, f.errorMessage)),
  );
  if (letters.length > 0) await sinks.deadLetter(letters);
  return {
    streamed: result.records.length - letters.length,
    deadLettered: result.badRows.length + letters.length,
    putFailed: letters.length,
  };
}
