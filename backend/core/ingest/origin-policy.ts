/**
 * Origin allow-listing and the CORS headers that go with it. `Access-Control-Allow-Origin`
 * echoes the request's origin only when it is allowed (never `*`, so a site's list is
 * enforced by the browser too), with `Vary: Origin` for caches (CloudFront).
 */

/**
 * True when `origin` matches one of the patterns: exact (`https://shop.example.com`), a
 * subdomain wildcard (`https://*.example.com`, which does not match the bare domain) or `*`.
 *
 * @example isOriginAllowed('https://a.example.com', ['https://*.example.com']) // true
 */
export function isOriginAllowed(origin: string, patterns: readonly string[]): boolean {
  const lower = origin.toLowerCase();
  for (const pattern of patterns) {
    if (pattern === '*') return true;
    const p = pattern.toLowerCase();
    const star = p.indexOf('*');
    if (star < 0) {
      if (p === lower) return true;
      continue;
    }
    const prefix = p.slice(0, star);
    const suffix = p.slice(star + 1);
    const middle = lower.slice(prefix.length, lower.length - suffix.length);
    if (
      lower.length > prefix.length + suffix.length &&
      lower.startsWith(prefix) &&
      lower.endsWith(suffix) &&
      /^[a-z0-9.-]+$/.test(middle)
    ) {
      return true;
    }
  }
  return false;
}

/** Preflight answers are cached by the browser for a day. */
const PREFLIGHT_MAX_AGE = '86400';

/**
 * CORS headers for an allowed origin; only `Vary` when there is none to echo.
 *
 * `Retry-After` is not a CORS-safelisted response header, so without
 * `Access-Control-Expose-Headers` a cross-origin page cannot read it and the SDK would retry a
 * 503 on its own short backoff instead of the server's (Fetch spec, "CORS-safelisted response-header name").
 */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Retry-After',
    vary: 'Origin',
  };
}

/** Headers of a successful preflight (`OPTIONS`). */
export function preflightHeaders(origin: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'Content-Type, Content-Encoding, Authorization',
    'access-control-max-age': PREFLIGHT_MAX_AGE,
  };
}
