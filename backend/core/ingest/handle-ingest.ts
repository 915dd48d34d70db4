import { randomUUID } from 'node:crypto';
import { LIMITS } from '@clickstream/contract';
import { anonymizeIp } from './anonymize-ip';
import { mayStore } from './consent-decision';
import { deadLetterPayload, deadLetterSnippet } from './dead-letter-payload';
import { decodeBody } from './decode-body';
import { findSite } from './find-site';
import { fitsJsonBytes } from './fits-json-bytes';
import { IngestError } from './ingest-error';
import { corsHeaders, isOriginAllowed, preflightHeaders } from './origin-policy';
import { parseEnvelope } from './parse-envelope';
import { parseTime } from './parse-time';
import type { ScrubCounter } from './pii';
import { scrubEvent } from './scrub-event';
import { partitionOf, type RowContext, toLakeRow } from './to-lake-row';
import type {
  BadRow,
  HttpResponse,
  IngestConfig,
  IngestRequest,
  IngestResult,
  IngestStats,
  StreamRecord,
} from './types';
import { validateEvent } from './validate-event';

/** One rejected event, as reported back to the client. */
interface Rejection {
  index: number;
  messageId: string | undefined;
  failure: BadRow['failure'];
  reason: string;
}

const DEFAULT_SKEW_DEAD_BAND_MS = 5000;

/**
 * The ingest core: from one HTTP request to the response, the stream records and the
 * dead-letter rows. Pure apart from `randomUUID` for missing message ids; never throws (any
 * unexpected error becomes a 500 with a dead-letter row, so nothing is lost silently).
 *
 * Valid events of a batch are accepted even when others are rejected; each rejection is
 * reported back (index, messageId, failure, reason) and kept as a bad row. The response is
 * 200 with the counts then, because retrying a rejected event cannot make it valid.
 *
 * @param request - the request as the adapter received it
 * @param config - the sites (write keys, allowed origins) and privacy policy
 * @returns the response to send once `records` and `badRows` are durable
 * @example
 * const result = handleIngest({ method: 'POST', body, headers, query: {}, sourceIp, receivedAt: new Date() }, config);
 * await putRecords(result.records); await deadLetter(result.badRows); reply(result.response);
 */
export function handleIngest(request: IngestRequest, config: IngestConfig): IngestResult {
  const receivedAtIso = request.receivedAt.toISOString();
  // One memo per request: the events of a batch share their page, campaign and ids.
  const counter: ScrubCounter = { redactions: 0, memo: new Map() };
  try {
    return ingest(request, config, receivedAtIso, counter);
  } catch (error) {
    if (error instanceof IngestError) return requestFailure(error, request, receivedAtIso, counter);
    // A bug, not bad input: keep the evidence and let the client retry.
    const message = `internal error: ${(error as Error)?.message}`;
    return requestFailure(
      new IngestError(500, 'internal_error', message),
      request,
      receivedAtIso,
      counter,
    );
  }
}

function ingest(
  request: IngestRequest,
  config: IngestConfig,
  receivedAtIso: string,
  counter: ScrubCounter,
): IngestResult {
  const origin = request.headers.origin;
  if (
    origin !== undefined &&
    !config.sites.some((s) => isOriginAllowed(origin, s.allowedOrigins))
  ) {
    throw new IngestError(403, 'origin_not_allowed', `origin ${origin} is not allowed`);
  }
  const method = request.method.toUpperCase();
  if (method === 'OPTIONS') {
    if (origin === undefined)
      throw new IngestError(400, 'malformed_request', 'a preflight needs an Origin');
    return result({ status: 204, headers: preflightHeaders(origin), body: '' }, [], [], counter, 0);
  }
  if (method !== 'POST') {
    throw new IngestError(405, 'malformed_request', `method ${method} is not allowed; use POST`);
  }
  const text = decodeBody(request.body, request.headers, request.query);
  const envelope = parseEnvelope(text, request.eventType);
  const site = findSite(
    config.sites,
    request.query.writeKey,
    envelope.writeKey,
    request.headers.authorization,
  );
  if (origin !== undefined && !isOriginAllowed(origin, site.allowedOrigins)) {
    throw new IngestError(
      403,
      'origin_not_allowed',
      `origin ${origin} is not allowed for this write key`,
    );
  }

  const policy = {
    acceptWithoutConsent: config.acceptWithoutConsent ?? true,
    globalPrivacyControl:
      (config.honorGlobalPrivacyControl ?? true) && request.headers['sec-gpc']?.trim() === '1',
  };
  const ctx: RowContext = {
    receivedAt: request.receivedAt,
    receivedAtIso,
    sentAt: envelope.sentAt,
    sentAtMs: envelope.sentAt === undefined ? undefined : parseTime(envelope.sentAt),
    partition: partitionOf(receivedAtIso),
    ip: anonymizeIp(request.sourceIp),
    userAgent: request.headers['user-agent'],
    skewDeadBandMs: config.skewDeadBandMs ?? DEFAULT_SKEW_DEAD_BAND_MS,
  };
  // When the whole body fits the per-event limit, no event can pass it: skip re-serializing.
  const measure = Buffer.byteLength(text) > LIMITS.maxEventBytes;

  const records: StreamRecord[] = [];
  const badRows: BadRow[] = [];
  const rejected: Rejection[] = [];
  let consentDropped = 0;
  let generated = 0;
  envelope.events.forEach((raw, index) => {
    const size = measure ? eventBytes(raw) : undefined;
    const validation = validateEvent(raw, size);
    const sentId = (raw as { messageId?: unknown } | null)?.messageId;
    const messageId =
      typeof sentId === 'string' && sentId.length <= LIMITS.maxIdLength ? sentId : undefined;
    if (!validation.ok) {
      rejected.push({ index, messageId, failure: validation.failure, reason: validation.reason });
      badRows.push({
        failure: validation.failure,
        reason: validation.reason,
        receivedAt: receivedAtIso,
        index,
        ...(messageId ? { messageId } : {}),
        payload: deadLetterPayload(raw, counter),
        writeKey: site.writeKey,
      });
      return;
    }
    const event = validation.event;
    if (!mayStore(event.context?.consent, policy)) {
      // Counted, never kept: storing the payload would be the very thing consent forbids.
      consentDropped++;
      badRows.push({
        failure: 'consent_denied',
        reason: policy.globalPrivacyControl
          ? 'no analytics consent under Global Privacy Control'
          : 'no analytics consent',
        receivedAt: receivedAtIso,
        index,
        ...(messageId ? { messageId } : {}),
      });
      return;
    }
    const id = event.messageId ?? randomUUID();
    if (event.messageId === undefined) generated++;
    const row = toLakeRow(scrubEvent(event, counter), id, event.messageId === undefined, ctx);
    records.push({ partitionKey: row.anonymous_id ?? row.user_id ?? id, row });
  });

  const body = JSON.stringify({ ok: true, accepted: records.length, rejected });
  const response = { status: 200, headers: { ...corsHeaders(origin), ...JSON_TYPE }, body };
  return result(
    response,
    records,
    badRows,
    counter,
    envelope.events.length,
    consentDropped,
    generated,
  );
}

/**
 * Size of one event as serialized: `undefined` when a bound shows it is under the limit (most
 * events: no serializing), else exact in UTF-8 bytes whenever it could pass the limit (a UTF-16
 * unit is at most 3 bytes).
 */
function eventBytes(raw: unknown): number | undefined {
  if (fitsJsonBytes(raw, LIMITS.maxEventBytes, LIMITS.maxDepth + 1)) return undefined;
  const json = JSON.stringify(raw) ?? '';
  return json.length * 3 > LIMITS.maxEventBytes ? Buffer.byteLength(json) : json.length;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function requestFailure(
  error: IngestError,
  request: IngestRequest,
  receivedAtIso: string,
  counter: ScrubCounter,
): IngestResult {
  const body = JSON.stringify({
    ok: false,
    error: { code: error.failure, message: error.message },
  });
  // CORS headers let the page read why it was refused, but never for a refused origin.
  const refused = error.failure === 'origin_not_allowed';
  const headers = {
    ...(refused ? { vary: 'Origin' } : corsHeaders(request.headers.origin)),
    ...JSON_TYPE,
  };
  const response: HttpResponse = { status: error.status, headers, body };
  if (request.method.toUpperCase() === 'OPTIONS') return result(response, [], [], counter, 0);
  // Senders that are not allowed are counted, and their payload is not kept.
  const keepPayload =
    !refused && error.failure !== 'invalid_write_key' && request.body !== undefined;
  const badRow: BadRow = {
    failure: error.failure,
    reason: error.message,
    receivedAt: receivedAtIso,
    ...(keepPayload ? { payload: deadLetterSnippet(bodyText(request), counter) } : {}),
  };
  return result(response, [], [badRow], counter, 0);
}

/** Best-effort text of a body for the dead-letter store; compressed bodies stay opaque. */
function bodyText(request: IngestRequest): string {
  const { body } = request;
  if (typeof body === 'string') return body;
  if (!body || request.query.enc || request.headers['content-encoding']) return '';
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

function result(
  response: HttpResponse,
  records: StreamRecord[],
  badRows: BadRow[],
  counter: ScrubCounter,
  received: number,
  consentDropped = 0,
  generatedMessageIds = 0,
): IngestResult {
  const stats: IngestStats = {
    received,
    accepted: records.length,
    rejected: received - records.length,
    consentDropped,
    piiRedactions: counter.redactions,
    generatedMessageIds,
  };
  return { response, records, badRows, stats };
}
