import { type EventType, LIMITS } from '@clickstream/contract';
import { IngestError } from './ingest-error';

/** The parts of a request body the core needs, before any event is validated. */
export interface ParsedEnvelope {
  readonly events: readonly unknown[];
  readonly sentAt: string | undefined;
  readonly writeKey: string | undefined;
}

/**
 * Parses the batch envelope `{ batch, sentAt, writeKey }`, or a single Segment-style event
 * (`POST /v1/track` with `{ event, ... }`), whose type then comes from the path.
 *
 * @throws {IngestError} 400 malformed JSON or envelope, 413 too many events
 */
export function parseEnvelope(text: string, eventType?: EventType): ParsedEnvelope {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new IngestError(400, 'malformed_request', `malformed JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new IngestError(400, 'malformed_request', 'the body must be a JSON object');
  }
  const envelope = body as Record<string, unknown>;
  const sentAt = typeof envelope.sentAt === 'string' ? envelope.sentAt : undefined;
  const writeKey = typeof envelope.writeKey === 'string' ? envelope.writeKey : undefined;
  if (!('batch' in envelope)) {
    if (eventType === undefined && typeof envelope.type !== 'string') {
      throw new IngestError(
        400,
        'malformed_request',
        'the body must be { batch: [...] } or one event with a type',
      );
    }
    return { events: [{ type: eventType, ...envelope }], sentAt, writeKey };
  }
  if (!Array.isArray(envelope.batch)) {
    throw new IngestError(400, 'malformed_request', 'batch must be an array of events');
  }
  if (envelope.batch.length > LIMITS.maxBatchEvents) {
    throw new IngestError(
      413,
      'size_violation',
      `the batch has ${envelope.batch.length} events; the limit is ${LIMITS.maxBatchEvents}`,
    );
  }
  return { events: envelope.batch, sentAt, writeKey };
}
