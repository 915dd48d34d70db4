/** The collector took the batch (2xx). */
export const OK = 0;
/** Transient failure: retry the batch later. */
export const RETRY = 1;
/** 413: the batch is too large; split it. */
export const SPLIT = 2;
/** Permanent failure for this batch: drop it. */
export const DROP = 3;

/** What to do with a batch after the collector answered (numbers: they minify to one byte). */
export type Verdict = typeof OK | typeof RETRY | typeof SPLIT | typeof DROP;

/**
 * Classifies a collector response status. 2xx is done (events the server rejected one by one
 * are in its dead-letter store, so never resent); 408, 429, 5xx and 0 (a network error: offline,
 * DNS, blocked) are transient and retried;
 * 413 means the batch is too large and is split in halves; any other status is a permanent
 * error for this batch (bad write key, malformed request), so resending would only repeat it.
 * `fetch` never resolves with a 1xx status (interim responses are not exposed), so below 300
 * means 2xx once 0 is ruled out: one comparison less in the core (issue 3).
 *
 * @param status - the HTTP status; 0 when the request failed without an answer
 * @returns the verdict
 * @example classifyStatus(503) // RETRY
 */
export const classifyStatus = (status: number): Verdict =>
  !status || status === 408 || status === 429 || status >= 500
    ? RETRY
    : status < 300
      ? OK
      : status === 413
        ? SPLIT
        : DROP;
