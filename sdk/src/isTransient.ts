/**
 * Whether a batch that got this answer may succeed later, so it is retried: 408, 429, 5xx, and
 * no answer at all (a network error: offline, DNS, blocked, or the request timed out). The
 * other answers are settled by the outbox (`createOutbox.ts` `sendOne`): 2xx is done (events
 * the server rejected one by one are in its dead-letter store, so never resent), 413 splits the
 * batch in halves, any other status drops it for good (bad write key, malformed request), since
 * resending would only repeat it. A predicate, not a verdict enum: the outbox tests the status
 * it already holds, which is smaller in the core (issue 3).
 *
 * @param status - the HTTP status; `undefined` when the request failed without an answer
 * @returns whether to retry
 * @example isTransient(503) // true
 */
export const isTransient = (status: number | undefined): boolean =>
  !status || status === 408 || status === 429 || status >= 500;
