import { type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { backoffDelay, sleep } from './backoff';
import { chunkByLimits } from './chunk-by-limits';

/**
 * Firehose `PutRecordBatch` limits.
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
 */
export const PUT_RECORD_BATCH_MAX_RECORDS = 500;
export const PUT_RECORD_BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** One record, before base64 encoding. */
export const FIREHOSE_RECORD_MAX_BYTES = 1000 * 1024;

export interface PutRecordBatchOptions {
  readonly client: FirehoseClient;
  readonly deliveryStreamName: string;
  /**
   * Attempts per record, the first included; the SDK's retries of a whole failed call happen
   * inside each attempt.
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * Backoff before retry n is uniform in `[0, min(maxDelayMs, baseDelayMs * 2^n))` (full jitter).
   * @default 50
   */
  readonly baseDelayMs?: number;
  /** @default 1000 */
  readonly maxDelayMs?: number;
}

/** A record that was still not accepted after the last attempt. */
export interface FailedFirehoseRecord {
  /** Its position in the input. */
  readonly position: number;
  /** Firehose `ErrorCode` (`ServiceUnavailableException`), or the error name when the call failed. */
  readonly errorCode: string;
  readonly errorMessage: string;
}

/**
 * Writes records to a Firehose delivery stream in calls of at most 500 records / 4 MiB,
 * retrying only the records a call reports as failed: a call with `FailedPutCount > 0` still
 * succeeds, and `RequestResponses[]` is index-aligned with the request.
 *
 * @param records - record data, e.g. one JSON row plus `\n` each
 * @param options - client, delivery stream, retry policy
 * @returns the records that are still not accepted; empty when all were. Never throws for a
 *   Firehose error: the caller reports the failure to Lambda, which retries the batch.
 * @example const failed = await putRecordBatch(rows.map(toData), { client, deliveryStreamName });
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export async function putRecordBatch(
  records: readonly Uint8Array[],
  options: PutRecordBatchOptions,
): Promise<FailedFirehoseRecord[]> {
  const failed: FailedFirehoseRecord[] = [];
  const sendable: number[] = [];
  records.forEach((data, position) => {
    if (data.byteLength > FIREHOSE_RECORD_MAX_BYTES) {
      failed.push({
        position,
        errorCode: 'RecordTooLarge',
        errorMessage: `record of ${data.byteLength} bytes exceeds the 1000 KiB Firehose limit`,
      });
    } else {
      sendable.push(position);
    }
  });
  const chunks = chunkByLimits(
    sendable,
    (position) => records[position]?.byteLength ?? 0,
    PUT_RECORD_BATCH_MAX_RECORDS,
    PUT_RECORD_BATCH_MAX_BYTES,
  );
  const results = await Promise.all(chunks.map((c) => putChunk(c, records, options)));
  for (const result of results) failed.push(...result);
  return failed.sort((a, b) => a.position - b.position);
}

async function putChunk(
  positions: readonly number[],
  records: readonly Uint8Array[],
  options: PutRecordBatchOptions,
): Promise<FailedFirehoseRecord[]> {
  const maxAttempts = options.maxAttempts ?? 4;
  let pending: FailedFirehoseRecord[] = positions.map((position) => ({
    position,
    errorCode: '',
    errorMessage: '',
  }));
  for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(attempt, options));
    pending = await attemptPut(
      pending.map((p) => p.position),
      records,
      options,
    );
  }
  return pending;
}

async function attemptPut(
  positions: readonly number[],
  records: readonly Uint8Array[],
  options: PutRecordBatchOptions,
): Promise<FailedFirehoseRecord[]> {
  try {
    const out = await options.client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: options.deliveryStreamName,
        Records: positions.map((p) => ({ Data: records[p] })),
      }),
    );
    if (!out.FailedPutCount) return [];
    const failed: FailedFirehoseRecord[] = [];
    positions.forEach((position, i) => {
      const result = out.RequestResponses?.[i];
      // A missing result is not a success.
      if (!result || result.ErrorCode || !result.RecordId) {
        failed.push({
          position,
          errorCode: result?.ErrorCode ?? 'MissingResult',
          errorMessage: result?.ErrorMessage ?? 'no result for this record',
        });
      }
    });
    return failed;
  } catch (err) {
    // The whole call failed after the SDK's retries; it may have written some records. Sending
    // them again is safe: the lake dedups on message_id.
    const error = err instanceof Error ? err : new Error(String(err));
    return positions.map((position) => ({
      position,
      errorCode: error.name,
      errorMessage: error.message,
    }));
  }
}
