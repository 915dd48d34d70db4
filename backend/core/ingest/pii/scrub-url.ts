import type { ScrubCounter } from './redacted';
import { scrubText } from './scrub-text';

/**
 * Scrubs a URL (page URL, path, search, referrer). The string is edited in place, never
 * parsed and re-serialised, so a malformed URL cannot throw and the bytes that are not
 * personal stay exactly as sent:
 * - query and fragment parameters whose name matches `SENSITIVE_PARAM_SOURCE` (`email`,
 *   `token`, `access_token`, ...) get the value `[REDACTED]`, as does any parameter whose
 *   percent-decoded value contains PII;
 * - `user:password@` before the host is redacted;
 * - then every pattern of {@link scrubText} (`/users/jane@example.com/`, `a%40b.com`).
 *
 * The same rules run inside `scrubText`, because URLs also arrive as free text
 * (`properties.url`); this entry point names the intent at the call site.
 *
 * @param url - a URL or URL part, possibly relative or malformed
 * @param counter - incremented once per redaction
 * @returns `url` when clean, else a new string
 * @example scrubUrl('https://shop.example/?email=a%40b.com&q=1', counter)
 *   // 'https://shop.example/?email=[REDACTED]&q=1'
 */
export function scrubUrl(url: string, counter: ScrubCounter): string {
  return scrubText(url, counter);
}
