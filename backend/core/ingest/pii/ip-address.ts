import { isIPv6 } from 'node:net';
import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;

/** Dotted-quad IPv4, not inside a longer dotted run (`1.2.3.4.5`; `25.11.2026` has three parts). */
const IPV4 = new RegExp(
  String.raw`(?<![A-Za-z0-9_.])${OCTET}(?:\.${OCTET}){3}(?![A-Za-z0-9_]|\.\d)`,
  'g',
);

/**
 * A product token right before the address (`Chrome/120.0.0.0`, `Version/17.4.1.2` in a
 * user agent): a word after a space, `(`, `;` or the start, then `/`. A URL path
 * (`https://example.com/203.0.113.7`) is not one: its word follows `/` or `.`.
 */
const PRODUCT_TOKEN = /(?:^|[\s(;])[A-Za-z][A-Za-z0-9_-]{0,31}\/$/;

/**
 * Anything shaped like IPv6 (2–8 colons, hex groups, optional dotted IPv4 tail as in
 * `::ffff:203.0.113.7`), ending in a group or `::`, so a colon after it in prose
 * (`host 2001:db8::1: down`) is not taken in; `node:net`'s `isIPv6` decides. Times
 * (`10:30:45`) and MAC addresses fail that check.
 */
const IPV6_CANDIDATE =
  /(?<![A-Za-z0-9_.])(?:[0-9A-Fa-f]{0,4}:){2,8}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?<![^:]:)(?![A-Za-z0-9_]|:[0-9A-Fa-f:]|\.\w)/g;

const DIGIT = /\d/;

/**
 * True when the address is a URL's host (`http://203.0.113.7/`): that names the server a page
 * came from, not a visitor (the demo shop on `http://127.0.0.1:8080` lost its page URLs to
 * this before).
 */
const isUrlHost = (m: RegExpExecArray): boolean => m.input.startsWith('://', m.index - 3);

/**
 * Redacts IPv4 addresses. `0.x.x.x` and `x.x.x.0` stay: they name a network, not a host,
 * and `x.x.x.0` is exactly what `anonymizeIp` stores; so do loopback addresses, URL hosts and
 * versions after a product token.
 */
export function redactIpv4Addresses(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, IPV4, counter, (m) => {
    if (m[0].startsWith('0') || m[0].endsWith('.0') || m[0].startsWith('127.')) return false;
    if (isUrlHost(m)) return false;
    return !PRODUCT_TOKEN.test(m.input.slice(Math.max(0, m.index - 34), m.index));
  });
}

/**
 * Redacts IPv6 addresses, IPv4-mapped ones included. An address must contain a digit:
 * that keeps C++/Ruby scopes made only of hex letters (`Abc::Def`, valid IPv6!) intact.
 * The unspecified `::` and loopback `::1` name no one and stay.
 */
export function redactIpv6Addresses(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, IPV6_CANDIDATE, counter, (m) => {
    const candidate = m[0];
    return candidate !== '::1' && DIGIT.test(candidate) && isIPv6(candidate);
  });
}
