import { isIPv4, isIPv6 } from 'node:net';

/**
 * Anonymizes a client IP before it is stored (the raw address never is):
 * IPv4 keeps its /24 (`203.0.113.77` → `203.0.113.0`), IPv6 its /48
 * (`2001:db8:abcd:12::1` → `2001:db8:abcd::`), the prefixes Google Analytics and Matomo
 * keep. IPv4-mapped IPv6 (`::ffff:203.0.113.77`, as dual-stack Node servers report IPv4
 * clients) is treated as the IPv4 address. Ports (`203.0.113.77:443`, `[2001:db8::1]:443`)
 * and zone ids (`fe80::1%eth0`) are dropped.
 *
 * @param ip - the address as the adapter saw it
 * @returns the anonymized address, or `null` when `ip` is missing or not an IP address
 * @example anonymizeIp('::ffff:203.0.113.77') // '203.0.113.0'
 * @see https://support.google.com/analytics/answer/2763052
 */
export function anonymizeIp(ip: string | undefined): string | null {
  if (ip === undefined) return null;
  let address = ip.trim();
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) return null;
    const rest = address.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    address = address.slice(1, close);
  } else if (/^[\d.]+:\d{1,5}$/.test(address)) {
    address = address.slice(0, address.indexOf(':'));
  }
  const zone = address.indexOf('%');
  if (zone >= 0 && address.includes(':')) address = address.slice(0, zone);
  if (isIPv4(address)) return anonymizeIpv4(address);
  if (!isIPv6(address)) return null;
  const groups = expandIpv6(address);
  // ::ffff:0:0/96, IPv4-mapped (RFC 4291 §2.5.5.2)
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const high = groups[6] as number;
    const low = groups[7] as number;
    return `${high >> 8}.${high & 0xff}.${low >> 8}.0`;
  }
  return formatIpv6([...groups.slice(0, 3), 0, 0, 0, 0, 0]);
}

function anonymizeIpv4(address: string): string {
  return `${address.slice(0, address.lastIndexOf('.'))}.0`;
}

/** The eight 16-bit groups of a valid IPv6 address (a dotted IPv4 tail becomes two). */
function expandIpv6(address: string): number[] {
  let text = address;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const left = parse(head);
  if (rest === undefined) return left;
  const right = parse(rest);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** RFC 5952 text form: lower-case hex, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
