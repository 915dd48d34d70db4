/** What to do with a batch after the collector answered. */
export type Verdict = 'ok' | 'retry' | 'split' | 'drop';

/**
 * Classifies a collector response status. 2xx is done (events the server rejected one by one
 * are in its dead-letter store, so never resent); 408, 429 and 5xx are transient and retried;
 * 413 means the batch is too large and is split in halves; any other status is a permanent
 * error for this batch (bad write key, malformed request), so resending would only repeat it.
 *
 * @param status - the HTTP status
 * @returns the verdict
 * @example classifyStatus(503) // 'retry'
 */
export const classifyStatus = (status: number): Verdict =>
  status >= 200 && status < 300
    ? 'ok'
    : status === 408 || status === 429 || status >= 500
      ? 'retry'
      : status === 413
        ? 'split'
        : 'drop';
