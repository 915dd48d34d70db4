import { LIMITS } from '@clickstream/contract';
import { type ScrubCounter, scrubJson, scrubText } from './pii';

const TRUNCATED = '[TRUNCATED]';
const DROPPED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The payload of a rejected event as it may be kept in the dead-letter store: bounded (depth,
 * entries, strings cut to the limits), prototype keys dropped, and PII-scrubbed like an
 * accepted event, so the failure store never becomes the place personal data leaks to.
 *
 * @returns JSON text of at most `LIMITS.maxEventBytes` characters
 */
export function deadLetterPayload(raw: unknown, counter: ScrubCounter): string {
  const bounded = bound(raw, LIMITS.maxDepth + 1);
  const json = JSON.stringify(scrubJson(bounded, counter)) ?? 'null';
  return json.length > LIMITS.maxEventBytes ? json.slice(0, LIMITS.maxEventBytes) : json;
}

/** The first part of a body that could not be parsed, scrubbed as text. */
export function deadLetterSnippet(text: string, counter: ScrubCounter): string {
  return scrubText(text.slice(0, 4096).toWellFormed(), counter);
}

function bound(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.slice(0, LIMITS.maxStringLength).toWellFormed();
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth < 1) return TRUNCATED;
  if (Array.isArray(value)) {
    return value.slice(0, LIMITS.maxKeysPerObject).map((v) => bound(v, depth - 1));
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key of Object.keys(value)) {
    if (n++ >= LIMITS.maxKeysPerObject) break;
    if (DROPPED_KEYS.has(key)) continue;
    out[key.slice(0, LIMITS.maxKeyLength)] = bound(
      (value as Record<string, unknown>)[key],
      depth - 1,
    );
  }
  return out;
}
