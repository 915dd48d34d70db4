import type { LakeRow } from '@clickstream/contract';

/** One action line plus one source line of an OpenSearch `_bulk` body. */
export type BulkLine = Record<string, unknown>;

/** The `_bulk` response item for one action, as OpenSearch returns it. */
export interface BulkResponseItem {
  readonly [action: string]: {
    readonly status: number;
    readonly error?: { readonly type?: string; readonly reason?: string | null } | null;
  };
}

/** What to do with each item of a `_bulk` response. */
export interface BulkOutcome {
  /** Positions (in the request's rows) that failed transiently: send them again. */
  readonly retry: readonly number[];
  /** Positions that can never be indexed as they are: they go to the bad index. */
  readonly permanent: readonly { readonly position: number; readonly reason: string }[];
}

/**
 * Errors that name the document, not the cluster: retrying the same document fails the same
 * way, so it goes to the bad index (aws-pipeline.md, "Bulk").
 * @see https://opensearch.org/docs/latest/api-reference/document-apis/bulk/
 */
const PERMANENT_ERRORS = new Set([
  'mapper_parsing_exception',
  'document_parsing_exception',
  'strict_dynamic_mapping_exception',
  'illegal_argument_exception',
]);

/**
 * The `_bulk` body for rows: one `index` action per row with `_id = message_id`, so a
 * replayed record overwrites its own document instead of adding a duplicate.
 *
 * @param rows - rows to index
 * @param index - the target index, e.g. `clickstream-events`
 * @returns alternating action and document lines
 * @example await client.bulk({ body: toBulkLines(rows, 'clickstream-events') })
 */
export function toBulkLines(rows: readonly LakeRow[], index: string): BulkLine[] {
  return rows.flatMap((row) => [{ index: { _index: index, _id: row.message_id } }, row]);
}

/**
 * The `_bulk` body for the bad index: the row kept whole as a JSON string, so the document
 * that broke the mapping cannot break the bad index too.
 *
 * @param failures - rows with the reason OpenSearch gave
 * @param badIndex - e.g. `clickstream-events-bad`
 * @example toBadBulkLines([{ row, reason: 'mapper_parsing_exception: ...' }], 'clickstream-events-bad')
 */
export function toBadBulkLines(
  failures: readonly { readonly row: LakeRow; readonly reason: string }[],
  badIndex: string,
): BulkLine[] {
  return failures.flatMap(({ row, reason }) => [
    { index: { _index: badIndex, _id: row.message_id } },
    { message_id: row.message_id, received_at: row.received_at, reason, row: JSON.stringify(row) },
  ]);
}

/**
 * Sorts a `_bulk` response's items into retryable and permanent failures.
 *
 * @param items - `response.items`, index-aligned with the request's rows
 * @returns positions to retry and positions for the bad index; successes are in neither
 * @example classifyBulkItems(response.body.items)
 */
export function classifyBulkItems(items: readonly BulkResponseItem[]): BulkOutcome {
  const retry: number[] = [];
  const permanent: { position: number; reason: string }[] = [];
  items.forEach((item, position) => {
    const result = Object.values(item)[0];
    if (!result || (result.status < 300 && !result.error)) return;
    const type = result.error?.type ?? `status ${result.status}`;
    if (PERMANENT_ERRORS.has(type) || result.status === 400) {
      permanent.push({ position, reason: `${type}: ${result.error?.reason ?? ''}`.trim() });
    } else {
      retry.push(position);
    }
  });
  return { retry, permanent };
}
