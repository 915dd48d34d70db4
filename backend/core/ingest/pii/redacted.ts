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
}
