import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

/**
 * The userinfo of a URL (`https://user:password@host/`, `https://ghp_…@github.com/`):
 * RFC 3986 §3.2.1 deprecates passwords there, yet they appear in copied links.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1
 */
const USERINFO = /\/\/[^\s/?#@[\]"'<>]{1,256}@(?=[^\s/?#@])/g;

/** Redacts `user:password@` in URLs, keeping the host. */
export function redactUrlUserinfo(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, USERINFO, counter, (m) => [2, m[0].length - 1]);
}
