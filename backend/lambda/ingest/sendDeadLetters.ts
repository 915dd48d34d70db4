import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunkByLimits } from '../../aws/chunk-by-limits';
import type { DeadLetter } from '../../aws/dead-letter';

/** SQS `SendMessageBatch`: at most 10 messages and 256 KiB in total per call. */
const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

export interface SendDeadLettersOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** @default 4 */
  readonly maxAttempts?: number;
  /** Full-jitter backoff base, ms. @default 50 */
  readonly baseDelayMs?: number;
}

/**
 * Stores dead letters as SQS messages (one JSON `DeadLetter` each), retrying only the
 * entries a batch reports as failed.
 *
 * @param letters - bad rows and failed puts.
 * @param options - client, queue, retries.
 * @returns resolves once every letter is in the queue.
 * @throws Error when some are still not after the last attempt (the handler answers 503).
 * @example await sendDeadLetters(result.badRows, { client: sqs, queueUrl });
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
export async function sendDeadLetters(
  letters: readonly DeadLetter[],
  options: SendDeadLettersOptions,
): Promise<void> {
  let pending: SendMessageBatchRequestEntry[] = letters.map((letter, i) => ({
    Id: String(i),
    MessageBody: JSON.stringify(letter),
  }));
  const maxAttempts = options.maxAttempts ?? 4;
  let lastError = '';
  for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 0) {
      const cap = (options.baseDelayMs ?? 50) * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
    }
    const results = await Promise.all(
      chunkByLimits(
        pending,
        (entry) => Buffer.byteLength(entry.MessageBody ?? ''),
        MAX_ENTRIES,
        MAX_BATCH_BYTES,
      ).map(async (batch) => {
        try {
          const out = await options.client.send(
            new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: batch }),
          );
          const failedIds = new Set((out.Failed ?? []).map((f) => f.Id));
          for (const f of out.Failed ?? []) lastError = `${f.Code}: ${f.Message ?? ''}`;
          return batch.filter((e) => failedIds.has(e.Id));
        } catch (err) {
          lastError = (err as Error).message;
          return batch;
        }
      }),
    );
    pending = results.flat();
  }
  if (pending.length > 0) {
    throw new Error(`${pending.length} dead letters not stored in SQS: ${lastError}`);
  }
}
