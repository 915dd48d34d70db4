import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { backoffDelay, sleep } from './backoff';
import { chunkByLimits } from './chunk-by-limits';

/** Kinesis `PutRecords` limits per call. @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html */
export const PUT_RECORDS_MAX_RECORDS = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;
/** Data plus partition key of one record. */
export const PUT_RECORD_MAX_BYTES = 1024 * 1024;

/** One record to put: its bytes and partition key (the anonymous id keeps per-user order). */
export interface PutEntry {
  readonly data: Uint8Array;
  readonly partitionKey: string;
}

/** An entry that was still not in the stream after the last attempt. */
export interface FailedPut<T extends PutEntry> {
  readonly entry: T;
  /** Kinesis `ErrorCode` (`ProvisionedThroughputExceededException`, `InternalFailure`), or the error name when the whole call failed. */
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface PutRecordsOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /**
   * Attempts per entry, the first included. The SDK's own retries of a whole failed call
   * happen inside each attempt.
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * Backoff before retry n is uniform in `[0, min(maxDelayMs, baseDelayMs * 2^n))` ("full
   * jitter"), so producers throttled together do not retry together.
   * @default 50
   */
  readonly baseDelayMs?: number;
  /** @default 1000 */
  readonly maxDelayMs?: number;
}

/**
 * Puts entries into a Kinesis stream in calls of at most 500 records / 5 MB, retrying only the
 * entries a call reports as failed (`Records[i].ErrorCode`: a call with `FailedRecordCount > 0`
 * still succeeds) with jittered exponential backoff.
 *
 * @param entries - records in the order they should enter their shards.
 * @param options - client, stream, retry policy.
 * @returns the entries that are still not in the stream, with the last error; empty when all
 *   made it. Never throws for a Kinesis error: the caller dead-letters what is returned.
 * @example
 * const failed = await putRecords(rows.map(toEntry), { client, streamName: 'events' });
 * if (failed.length) await deadLetter(failed);
 * @see https://docs.aws.amazon.com/streams/latest/dev/developing-producers-with-sdk.html#kinesis-using-sdk-java-putrecords
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export async function putRecords<T extends PutEntry>(
  entries: readonly T[],
  options: PutRecordsOptions,
): Promise<FailedPut<T>[]> {
  const failed: FailedPut<T>[] = [];
  const sendable: T[] = [];
  for (const entry of entries) {
    if (putEntrySize(entry) > PUT_RECORD_MAX_BYTES) {
      failed.push({
        entry,
        errorCode: 'RecordTooLarge',
        errorMessage: `record of ${putEntrySize(entry)} bytes exceeds the 1 MiB Kinesis limit`,
      });
    } else {
      sendable.push(entry);
    }
  }
  const results = await Promise.all(
    chunkByLimits(sendable, putEntrySize, PUT_RECORDS_MAX_RECORDS, PUT_RECORDS_MAX_BYTES).map((c) =>
      putChunk(c, options),
    ),
  );
  for (const result of results) failed.push(...result);
  return failed;
}

async function putChunk<T extends PutEntry>(
  entries: readonly T[],
  options: PutRecordsOptions,
): Promise<FailedPut<T>[]> {
  const maxAttempts = options.maxAttempts ?? 4;
  let pending: FailedPut<T>[] = entries.map((entry) => ({
    entry,
    errorCode: '',
    errorMessage: '',
  }));
  for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(attempt, options));
    pending = await attemptPut(
      pending.map((p) => p.entry),
      options,
    );
  }
  return pending;
}

async function attemptPut<T extends PutEntry>(
  entries: readonly T[],
  options: PutRecordsOptions,
): Promise<FailedPut<T>[]> {
  const records: PutRecordsRequestEntry[] = entries.map((e) => ({
    Data: e.data,
    PartitionKey: e.partitionKey,
  }));
  try {
    const out = await options.client.send(
      new PutRecordsCommand({ StreamName: options.streamName, Records: records }),
    );
    if (!out.FailedRecordCount) return [];
    const failed: FailedPut<T>[] = [];
    entries.forEach((entry, i) => {
      const result = out.Records?.[i];
      // Records[] is index-aligned with the request; a missing result is not a success.
      if (!result || result.ErrorCode || !result.SequenceNumber) {
        failed.push({
          entry,
          errorCode: result?.ErrorCode ?? 'MissingResult',
          errorMessage: result?.ErrorMessage ?? 'no result for this record',
        });
      }
    });
    return failed;
  } catch (err) {
    // The whole call failed after the SDK's own retries (network, 5xx, throttling). It may
    // still have written some records; resending them is safe because the lake dedups on
    // messageId.
    const error = err instanceof Error ? err : new Error(String(err));
    return entries.map((entry) => ({
      entry,
      errorCode: error.name,
      errorMessage: error.message,
    }));
  }
}

/** Kinesis counts the partition key's UTF-8 bytes against the record and request limits. */
export function putEntrySize(entry: PutEntry): number {
  return entry.data.byteLength + Buffer.byteLength(entry.partitionKey, 'utf8');
}
