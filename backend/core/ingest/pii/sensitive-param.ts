import { SENSITIVE_PARAM_SOURCE } from '@clickstream/contract';
import { redactPatterns } from './redact-patterns';
import { REDACTED, type ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

const SENSITIVE_NAME = new RegExp(SENSITIVE_PARAM_SOURCE, 'i');

/**
 * `name=value` after `?`, `&`, `#` or `;` (query, fragment, hash-router query
 * `#/reset?token=…`, `;jsessionid=`, HTML-escaped `&amp;`). The value runs to the next
 * `&`, `#`, whitespace or quote, so a URL inside prose or JSON text is cut correctly.
 */
const PARAM = /(?<=[?&#;])([^=&#?;\s"'<>]{1,128})=([^&#?\s"'<>]*)/g;

const ENCODED_MARKER = encodeURIComponent(REDACTED);

/**
 * Redacts URL parameter values, wholesale:
 * - when the name is sensitive (`SENSITIVE_PARAM_SOURCE`, whole name, any case, also
 *   percent-encoded or as the last bracket part: `user[email]`);
 * - when the value, once percent-decoded, contains PII (`q=call%20%2B49%2030%201234567`):
 *   encodings hide shapes from the raw-text detectors, and re-encoding part of a value
 *   would change bytes the visitor never sent.
 */
export function redactSensitiveParams(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, PARAM, counter, (m) => {
    const value = m[2] as string;
    if (value === '' || value === REDACTED || value === ENCODED_MARKER) return false;
    const span = [m[0].length - value.length, m[0].length] as const;
    if (isSensitiveName(m[1] as string)) return span;
    if (!value.includes('%') && !value.includes('+')) return false;
    const probe = { redactions: 0 };
    redactPatterns(decode(value.replaceAll('+', ' ')), probe);
    if (probe.redactions === 0) return false;
    // One value replaced, but every match in it counted.
    counter.redactions += probe.redactions - 1;
    return span;
  });
}

function isSensitiveName(raw: string): boolean {
  const name = raw.includes('%') || raw.includes('+') ? decode(raw.replaceAll('+', ' ')) : raw;
  if (SENSITIVE_NAME.test(name)) return true;
  const open = name.lastIndexOf('[');
  return (
    open >= 0 && SENSITIVE_NAME.test(name.slice(open + 1, name.endsWith(']') ? -1 : undefined))
  );
}

/** `decodeURIComponent` that keeps malformed escapes (`%E0%A4%A`) instead of throwing. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
