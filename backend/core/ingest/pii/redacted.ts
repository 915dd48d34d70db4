/**
 * The one marker that replaces personal data. Redaction is never partial (no `****1234`):
 * a partial value still narrows down a person, and one fixed marker is easy to count and
 * query (`WHERE properties LIKE '%[REDACTED]%'`).
 */
export const REDACTED = '[REDACTED]';

/** Counts redactions for the ingest's `piiRedactions` metric. */
export interface ScrubCounter {
  /** Incremented once per redacted value or match. */
  redactions: number;
  /**
   * What `scrubText` made of each string it has seen, for one request: a batch repeats its page
   * URL, title, referrer, campaign and ids in every event, and the same string always scrubs the
   * same way. A hit adds the redactions it made again, so the count is the same as without.
   * Create one per request and drop it with the request: it holds the request's strings.
   * @default undefined (every string is scrubbed)
   */
  readonly memo?: ScrubMemo;
}

/** `scrubText` results by input: the input itself when it was clean. */
export type ScrubMemo = Map<
  string,
  string | { readonly text: string; readonly redactions: number }
>;
