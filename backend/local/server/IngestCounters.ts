import type { Delivery } from '../../aws/deliver-ingest-result';
import type { IngestStats } from '../../core/ingest/types';

/** What `GET /v1/stats` answers; every field counts since the process started. */
export interface IngestCounterValues {
  /** HTTP requests to the ingest paths, preflights included. */
  requests: number;
  /** Events in the bodies of requests that were made durable. */
  received: number;
  /** Events now in the stream. */
  accepted: number;
  /** Events the core refused (invalid, consent) — all of them are in the dead-letter store. */
  rejected: number;
  consentDropped: number;
  piiRedactions: number;
  generatedMessageIds: number;
  /** Lines written to the dead-letter store (bad rows, request failures, failed puts). */
  deadLettered: number;
  /** Events the stream refused after every retry, now in the dead-letter store. */
  putFailed: number;
  /** Requests answered 503 because their events could not be made durable. */
  unavailable: number;
  /** Accepted events whose messageId the server had recently seen (counted, not dropped). */
  duplicateMessageIds: number;
}

/**
 * The ingest server's counters, for `GET /v1/stats` and the live line of `npm start`. Core
 * stats are added only after delivery, so `accepted` never counts an event that got a 503.
 *
 * @example counters.delivered(result.stats, delivery);
 */
export class IngestCounters {
  readonly values: IngestCounterValues = {
    requests: 0,
    received: 0,
    accepted: 0,
    rejected: 0,
    consentDropped: 0,
    piiRedactions: 0,
    generatedMessageIds: 0,
    deadLettered: 0,
    putFailed: 0,
    unavailable: 0,
    duplicateMessageIds: 0,
  };

  /**
   * @param stats - the core's counts for one request.
   * @param delivery - where its records and bad rows went.
   */
  delivered(stats: IngestStats, delivery: Delivery): void {
    const v = this.values;
    v.received += stats.received;
    v.accepted += delivery.streamed;
    v.rejected += stats.rejected;
    v.consentDropped += stats.consentDropped;
    v.piiRedactions += stats.piiRedactions;
    v.generatedMessageIds += stats.generatedMessageIds;
    v.deadLettered += delivery.deadLettered;
    v.putFailed += delivery.putFailed;
  }
}
