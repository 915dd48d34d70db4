import type { LakeRow } from '@clickstream/contract';
import type { Client } from '@opensearch-project/opensearch';
import {
  type BulkLine,
  type BulkResponseItem,
  classifyBulkItems,
  toBadBulkLines,
  toBulkLines,
} from '../core/stream/search-bulk';
import { backoffDelay, sleep } from './backoff';
import { chunkByLimits } from './chunk-by-limits';

export interface BulkIndexOptions {
  readonly client: Client;
  /** e.g. `clickstream-events`; documents that cannot be indexed go to `<index>-bad`. */
  readonly index: string;
  /**
   * Attempts per document for transient errors (throttling, unavailable shards), the first
   * included.
   * @default 3
   */
  readonly maxAttempts?: number;
  /**
   * Full-jitter backoff base before retry n: uniform in `[0, min(2000, baseDelayMs * 2^n))`.
   * @default 100
   */
  readonly baseDelayMs?: number;
  /**
   * Upper bound of one `_bulk` request body; AWS recommends 5–15 MiB and some instance types
   * cap requests at 10 MiB.
   * @default 5242880 (5 MiB)
   */
  readonly maxRequestBytes?: number;
}

export interface BulkIndexResult {
  /** Positions of rows neither indexed nor kept in the bad index: the caller must retry them. */
  readonly failed: readonly number[];
  /** Rows OpenSearch refused for good (mapping or parsing errors), now in `<index>-bad`. */
  readonly bad: number;
}

/**
 * Bulk-indexes rows into OpenSearch under `_id = message_id`: transient per-item errors are
 * retried with backoff, permanent ones (mapping, parsing) go to `<index>-bad` with their reason.
 *
 * @param rows - rows to index
 * @param options - client, index and retry policy
 * @returns positions still failing and the number sent to the bad index
 * @example const { failed } = await bulkIndexRows(rows, { client, index: 'clickstream-events' });
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/bp.html#bp-perf
 */
export async function bulkIndexRows(
  rows: readonly LakeRow[],
  options: BulkIndexOptions,
): Promise<BulkIndexResult> {
  const maxAttempts = options.maxAttempts ?? 3;
  let pending = rows.map((_, position) => position);
  const permanent: { position: number; reason: string }[] = [];
  // Action line plus document, as JSON: close enough to the NDJSON body the client sends.
  // Measured once, not on every retry.
  const sizes = rows.map((row) => JSON.stringify(row).length + 100);
  for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 0)
      await sleep(
        backoffDelay(attempt, { baseDelayMs: options.baseDelayMs ?? 100, maxDelayMs: 2000 }),
      );
    const retry: number[] = [];
    const maxBytes = options.maxRequestBytes ?? 5 * 1024 * 1024;
    for (const positions of chunkByLimits(pending, (p) => sizes[p] ?? 0, Infinity, maxBytes)) {
      const lines = toBulkLines(
        positions.map((p) => rows[p] as LakeRow),
        options.index,
      );
      const items = await sendBulk(options.client, lines);
      if (!items) {
        retry.push(...positions);
        continue;
      }
      const outcome = classifyBulkItems(items);
      retry.push(...outcome.retry.map((i) => positions[i] as number));
      permanent.push(
        ...outcome.permanent.map((f) => ({ ...f, position: positions[f.position] as number })),
      );
    }
    pending = retry;
  }
  const failed = [...pending];
  if (permanent.length > 0) {
    const badLines = toBadBulkLines(
      permanent.map((f) => ({ row: rows[f.position] as LakeRow, reason: f.reason })),
      `${options.index}-bad`,
    );
    const items = await sendBulk(options.client, badLines);
    const badOutcome = items ? classifyBulkItems(items) : undefined;
    permanent.forEach((f, i) => {
      const stored =
        badOutcome &&
        !badOutcome.retry.includes(i) &&
        !badOutcome.permanent.some((p) => p.position === i);
      if (!stored) failed.push(f.position);
    });
  }
  return {
    failed: failed.sort((a, b) => a - b),
    bad: permanent.length - (failed.length - pending.length),
  };
}

/** The response items, or `undefined` when the whole request failed (network, 429, 5xx). */
async function sendBulk(client: Client, body: BulkLine[]): Promise<BulkResponseItem[] | undefined> {
  try {
    const response = await client.bulk({ body });
    return response.body.items as unknown as BulkResponseItem[];
  } catch (err) {
    console.error(
      JSON.stringify({ level: 'warn', message: 'opensearch bulk failed', error: String(err) }),
    );
    return undefined;
  }
}
