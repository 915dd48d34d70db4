import { redactPatterns } from './redact-patterns';
import type { ScrubCounter } from './redacted';
import { redactSensitiveParams } from './sensitive-param';
import { redactUrlUserinfo } from './url-userinfo';

/**
 * Replaces each piece of personal data inside `value` by `[REDACTED]`, keeping the rest:
 * emails (also URL-encoded), phone numbers, payment cards (issuer prefix, length, Luhn),
 * IBANs (mod 97), US SSNs, IPv4/IPv6 addresses, bearer tokens, JWTs, API keys and private
 * keys; and since URLs also travel in free text (`properties.url`), the values of
 * sensitive URL parameters and URL userinfo. Look-alikes stay: order ids, timestamps,
 * dates, prices, UUIDs, barcodes, versions. See docs/privacy.md for every rule.
 *
 * Linear time (8 KB of hostile input scrubs in about a millisecond at worst) and
 * allocation-free when nothing matches: `value` itself comes back. With `counter.memo`, a
 * string seen before in the same request is looked up, not scanned again.
 *
 * @param value - any string from an event
 * @param counter - incremented once per redaction
 * @returns `value` when clean, else a new string
 * @example scrubText('Mail me: jane@example.com', counter) // 'Mail me: [REDACTED]'
 * @see scrubUrl
 */
export function scrubText(value: string, counter: ScrubCounter): string {
  const memo = counter.memo;
  if (memo === undefined || value.length < MEMO_MIN_LENGTH) return scrub(value, counter);
  const known = memo.get(value);
  if (known !== undefined) {
    if (typeof known === 'string') return known;
    counter.redactions += known.redactions;
    return known.text;
  }
  const before = counter.redactions;
  const text = scrub(value, counter);
  const redactions = counter.redactions - before;
  memo.set(value, redactions === 0 ? text : { text, redactions });
  return text;
}

/** Below this, scrubbing is about as cheap as a lookup (most detectors need 6+ characters). */
const MEMO_MIN_LENGTH = 8;

function scrub(value: string, counter: ScrubCounter): string {
  let out = value;
  if (URL_PARTS.test(out)) {
    out = redactSensitiveParams(out, counter);
    if (out.includes('@')) out = redactUrlUserinfo(out, counter);
  }
  return redactPatterns(out, counter);
}

/** A parameter (`name=`) or userinfo (`//user@`) may be present. */
const URL_PARTS = /[=@]/;
