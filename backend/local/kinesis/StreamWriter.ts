import type { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  type FailedPut,
  PUT_RECORDS_MAX_BYTES,
  PUT_RECORDS_MAX_RECORDS,
  putEntrySize,
  putRecords,
} from '../../aws/put-records';
import type { StreamEntry } from '../../aws/stream-entry';

export interface StreamWriterOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /**
   * `PutRecords` calls in flight at once. While they are busy, records from concurrent
   * requests pile up and leave together in the next call (up to 500 records / 5 MB).
   * @default 4
   */
  readonly maxInFlight?: number;
  /**
   * Stream records (each one request's events for one partition key, see `toStreamEntries`)
   * waiting for a call; beyond this `write` throws `StreamBusyError` (the server
   * answers 503 + Retry-After) instead of buffering without bound.
   * @default 50_000
   */
  readonly maxQueued?: number;
  /** @default 4 */
  readonly maxAttempts?: number;
  /** @default 50 */
  readonly baseDelayMs?: number;
}

/** The writer cannot take more records now (queue full or closing); the client should retry. */
export class StreamBusyError extends Error {
  override readonly name = 'StreamBusyError';
}

interface Ticket {
  pending: number;
  readonly failed: FailedPut<StreamEntry>[];
  readonly resolve: (failed: FailedPut<StreamEntry>[]) => void;
}

interface Queued {
  readonly entry: StreamEntry;
  readonly ticket: Ticket;
}

/**
 * Aggregates the records of concurrent ingest requests into shared `PutRecords` calls.
 *
 * A request (its events already aggregated into a record per user) would otherwise cost a
 * call of its own; calls have a fixed cost (signing, HTTP, the emulator's stream lock), so at
 * 1,000 requests/s per-request calls cap throughput well below the budget. Records queue for at most one event-loop turn when a
 * call slot is free, and otherwise until one frees up: under load batches grow by themselves,
 * with no timer adding latency when idle.
 *
 * @example
 * const writer = new StreamWriter({ client, streamName });
 * const failed = await writer.write(toStreamEntries(result.records));
 */
export class StreamWriter {
  readonly #options: StreamWriterOptions;
  readonly #queue: Queued[] = [];
  #inFlight = 0;
  #scheduled = false;
  #closed = false;
  #idle: (() => void)[] = [];
  #calls = 0;

  /** @param options - client, stream and limits. */
  constructor(options: StreamWriterOptions) {
    this.#options = options;
  }

  /** `PutRecords` calls made so far. */
  get calls(): number {
    return this.#calls;
  }

  /** Records queued or in flight. */
  get pending(): number {
    return this.#queue.length + this.#inFlight;
  }

  /**
   * @param entries - one request's records.
   * @returns resolves once every entry is in the stream or has failed every retry; the
   *   failed ones are returned for the dead-letter store.
   * @throws StreamBusyError when closing or when the queue is full.
   */
  write(entries: readonly StreamEntry[]): Promise<FailedPut<StreamEntry>[]> {
    if (entries.length === 0) return Promise.resolve([]);
    if (this.#closed) return Promise.reject(new StreamBusyError('the stream writer is closing'));
    if (this.#queue.length + entries.length > (this.#options.maxQueued ?? 50_000)) {
      return Promise.reject(new StreamBusyError('too many records waiting for the stream'));
    }
    return new Promise((resolve) => {
      const ticket: Ticket = { pending: entries.length, failed: [], resolve };
      for (const entry of entries) this.#queue.push({ entry, ticket });
      this.#schedule();
    });
  }

  /** Refuses new writes and resolves once everything accepted so far has settled. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#queue.length === 0 && this.#inFlight === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // One turn of the event loop lets requests parsed in the same turn share a call.
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const maxInFlight = this.#options.maxInFlight ?? 4;
    while (this.#inFlight < maxInFlight && this.#queue.length > 0) {
      this.#send(this.#take());
    }
    if (this.#queue.length === 0 && this.#inFlight === 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  #take(): Queued[] {
    let bytes = 0;
    let n = 0;
    while (n < this.#queue.length && n < PUT_RECORDS_MAX_RECORDS) {
      const size = putEntrySize((this.#queue[n] as Queued).entry);
      if (n > 0 && bytes + size > PUT_RECORDS_MAX_BYTES) break;
      bytes += size;
      n++;
    }
    return this.#queue.splice(0, n);
  }

  #send(batch: Queued[]): void {
    this.#inFlight++;
    this.#calls++;
    const byEntry = new Map(batch.map((q) => [q.entry, q.ticket]));
    putRecords(
      batch.map((q) => q.entry),
      {
        client: this.#options.client,
        streamName: this.#options.streamName,
        ...(this.#options.maxAttempts ? { maxAttempts: this.#options.maxAttempts } : {}),
        ...(this.#options.baseDelayMs ? { baseDelayMs: this.#options.baseDelayMs } : {}),
      },
    )
      // putRecords reports Kinesis errors as failed entries; anything thrown is a bug, and
      // its records still go to the dead-letter store rather than leaving the request hanging.
      .catch((err: unknown) =>
        batch.map((q) => ({
          entry: q.entry,
          errorCode: 'InternalError',
          errorMessage: err instanceof Error ? err.message : String(err),
        })),
      )
      .then((failed) => {
        for (const f of failed) byEntry.get(f.entry)?.failed.push(f);
        for (const { ticket } of batch) {
          if (--ticket.pending === 0) ticket.resolve(ticket.failed);
        }
        this.#inFlight--;
        this.#pump();
      });
  }
}
