import type { FailureType } from './types';

/**
 * A whole-request rejection: one typed error class, turned into a JSON error response in one
 * place (`handle-ingest.ts`), the way Hono's `HTTPException` is.
 */
export class IngestError extends Error {
  constructor(
    /** HTTP status to answer with. */
    readonly status: number,
    /** Machine-readable code, also the dead-letter failure type. */
    readonly failure: FailureType,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
