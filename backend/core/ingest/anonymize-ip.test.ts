import { describe, expect, it } from 'vitest';
import { anonymizeIp } from './anonymize-ip';

describe('anonymizeIp', () => {
  it.each([
    ['zeroes the last IPv4 octet', '203.0.113.77', '203.0.113.0'],
    ['keeps an IPv4 that is already anonymized', '203.0.113.0', '203.0.113.0'],
    ['drops an IPv4 port', '203.0.113.77:8080', '203.0.113.0'],
    ['trims whitespace', ' 10.1.2.3 ', '10.1.2.0'],
    ['truncates IPv6 to /48', '2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd::'],
    ['truncates compressed IPv6', '2001:db8:abcd:12::1', '2001:db8:abcd::'],
    ['writes IPv6 in RFC 5952 form', '2001:0DB8:ABCD:0012:0000:0000:0000:0001', '2001:db8:abcd::'],
    ['compresses zero groups inside the /48', '2001:0:0:1::5', '2001::'],
    ['keeps a leading zero group', '0:0:1::5', '0:0:1::'],
    ['treats IPv4-mapped IPv6 as IPv4', '::ffff:203.0.113.77', '203.0.113.0'],
    ['treats hex IPv4-mapped IPv6 as IPv4', '::ffff:cb00:714d', '203.0.113.0'],
    ['drops brackets and port', '[2001:db8:abcd:12::1]:443', '2001:db8:abcd::'],
    ['drops brackets', '[2001:db8::1]', '2001:db8::'],
    ['drops a zone id', 'fe80::1ff:fe23:4567:890a%eth0', 'fe80::'],
    ['drops the zone id of a mapped address', '::ffff:203.0.113.77%1', '203.0.113.0'],
    ['maps loopback to the unspecified /48', '::1', '::'],
  ])('%s: %s → %s', (_, ip, expected) => {
    expect(anonymizeIp(ip)).toBe(expected);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a word', 'unknown'],
    ['an octet over 255', '999.1.1.1'],
    ['three octets', '1.2.3'],
    ['leading zeros (octal-looking)', '010.0.0.1'],
    ['an unclosed bracket', '[::1'],
    ['text after the bracket', '[::1]x'],
    ['a forwarded-for list', '203.0.113.77, 10.0.0.1'],
    ['a hostname', 'example.com'],
    ['a port out of range', '203.0.113.77:123456'],
  ])('returns null for %s', (_, ip) => {
    expect(anonymizeIp(ip)).toBeNull();
  });

  it.each([
    ['198.51.100.237', '237'],
    ['2001:db8:aaaa:5678:9abc:def0:1234:5678', '5678'],
    ['::ffff:198.51.100.237', '237'],
  ])('never keeps the host part of %s', (ip, host) => {
    const out = anonymizeIp(ip);
    expect(out).not.toBeNull();
    expect(out).not.toContain(host);
  });
});
