import { Buffer } from 'node:buffer';
import { SENSITIVE_PARAM_SOURCE } from '@clickstream/contract';
import { redactPatterns } from './redact-patterns';
import { REDACTED, type ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

const SENSITIVE_NAME = new RegExp(SENSITIVE_PARAM_SOURCE, 'i');
/** The shared source is anchored (`^(?:…)$`); in `SENSITIVE_PARAM`, `[?&#;]` and `=` anchor it. */
const SENSITIVE_NAMES = SENSITIVE_PARAM_SOURCE.replace(/^\^/, '').replace(/\$$/, '');

const NAME = `[^=&#?;\\s"'<>]{1,128}`;
const VALUE = `[^&#?\\s"'<>]*`;

/**
 * `name=value` after `?`, `&`, `#` or `;` (query, fragment, hash-router query
 * `#/reset?token=…`, `;jsessionid=`, HTML-escaped `&amp;`). The value runs to the next
 * `&`, `#`, `?`, whitespace or quote, so a URL inside prose or JSON text is cut correctly.
 * This one only finds sensitive names, so the common `?utm_source=…` is a single cheap scan.
 */
const SENSITIVE_PARAM = new RegExp(`[?&#;](?:${SENSITIVE_NAMES})=(?<value>${VALUE})`, 'gi');

/** Every parameter, for strings with escapes or brackets: `e%6Dail=`, `user[email]=`, `q=a%40b.c`. */
const ANY_PARAM = new RegExp(`[?&#;](?<name>${NAME})=(?<value>${VALUE})`, 'g');
const ESCAPED = /[%+[]/;

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
  const out = replaceMatches(text, SENSITIVE_PARAM, counter, (m) =>
    isRedactable(m) ? valueSpan(m) : false,
  );
  if (!ESCAPED.test(out)) return out;
  return replaceMatches(out, ANY_PARAM, counter, (m) => {
    if (!isRedactable(m)) return false;
    if (isSensitiveName((m.groups as { name: string }).name)) return valueSpan(m);
    const value = (m.groups as { value: string }).value;
    if (!ESCAPED.test(value)) return false;
    const probe = { redactions: 0 };
    redactPatterns(decode(value), probe);
    if (probe.redactions === 0) return false;
    // One value replaced, but every match in it counted.
    counter.redactions += probe.redactions - 1;
    return valueSpan(m);
  });
}

function isRedactable(m: RegExpExecArray): boolean {
  const value = (m.groups as { value: string }).value;
  return value !== '' && value !== REDACTED && value !== ENCODED_MARKER;
}

function valueSpan(m: RegExpExecArray): readonly [number, number] {
  const value = (m.groups as { value: string }).value;
  return [m[0].length - value.length, m[0].length];
}

/** Also for an encoded (`e%6Dail`) or bracketed (`user[email]`) name. */
function isSensitiveName(raw: string): boolean {
  const name = decode(raw);
  if (SENSITIVE_NAME.test(name)) return true;
  const open = name.lastIndexOf('[');
  return (
    open >= 0 && SENSITIVE_NAME.test(name.slice(open + 1, name.endsWith(']') ? -1 : undefined))
  );
}

/**
 * Form decoding (`+` is a space) that never throws: each run of escapes is decoded as
 * UTF-8, invalid bytes become U+FFFD and malformed escapes (`%A`) stay as they are.
 * (`decodeURIComponent` throws on both, and exceptions are slow enough to matter when a
 * hostile URL carries thousands of them.)
 */
function decode(value: string): string {
  const spaced = value.includes('+') ? value.replaceAll('+', ' ') : value;
  return spaced.includes('%') ? spaced.replace(ESCAPES, decodeEscapes) : spaced;
}

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

function decodeEscapes(escapes: string): string {
  return Buffer.from(escapes.replaceAll('%', ''), 'hex').toString('utf8');
}
