import {
  type ClickstreamEvent,
  IdentifyEventSchema,
  LIMITS,
  PageEventSchema,
  TrackEventSchema,
} from '@clickstream/contract';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { inspectJson } from './inspect-json';
import { parseTime } from './parse-time';
import type { FailureType } from './types';

/** One compiled checker per type: a union's errors ("expected union value") help nobody. */
const checkers = {
  track: TypeCompiler.Compile(TrackEventSchema),
  page: TypeCompiler.Compile(PageEventSchema),
  identify: TypeCompiler.Compile(IdentifyEventSchema),
};

export type Validation =
  | { readonly ok: true; readonly event: ClickstreamEvent }
  | { readonly ok: false; readonly failure: FailureType; readonly reason: string };

/**
 * Validates one event of a batch against the contract and the hostile-input limits.
 *
 * @param raw - the parsed event, as it came
 * @param sizeBytes - its serialized size, or `undefined` when the whole body is known to be
 *   under the per-event limit (the common case: no need to re-serialize)
 * @example validateEvent({ type: 'track', event: 'Signed Up', anonymousId: 'a1' }, undefined)
 */
export function validateEvent(raw: unknown, sizeBytes: number | undefined): Validation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('schema_violation', 'an event must be a JSON object');
  }
  if (sizeBytes !== undefined && sizeBytes > LIMITS.maxEventBytes) {
    return fail(
      'size_violation',
      `the event is ${sizeBytes} bytes; the limit is ${LIMITS.maxEventBytes}`,
    );
  }
  // properties/traits may nest maxDepth levels below the event itself.
  const problem = inspectJson(raw, LIMITS.maxDepth + 1);
  if (problem) return fail('schema_violation', problem);

  const type = (raw as { type?: unknown }).type;
  const checker = Object.hasOwn(checkers, type as string)
    ? checkers[type as keyof typeof checkers]
    : undefined;
  if (!checker) {
    return fail('schema_violation', 'type: must be one of track, page, identify');
  }
  if (!checker.Check(raw)) {
    const error = checker.Errors(raw).First();
    const path = error?.path.replace(/^\//, '').replaceAll('/', '.') || type;
    return fail('schema_violation', `${path}: ${error?.message ?? 'invalid'}`);
  }
  const event = raw as ClickstreamEvent;
  if (!event.userId && !event.anonymousId) {
    return fail('schema_violation', 'userId or anonymousId: one of them is required');
  }
  for (const field of ['timestamp', 'sentAt'] as const) {
    const value = event[field];
    if (value !== undefined && Number.isNaN(parseTime(value))) {
      return fail('schema_violation', `${field}: not a real date-time`);
    }
  }
  return { ok: true, event };
}

function fail(failure: FailureType, reason: string): Validation {
  return { ok: false, failure, reason };
}
