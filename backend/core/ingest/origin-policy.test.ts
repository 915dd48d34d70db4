import { describe, expect, it } from 'vitest';
import { corsHeaders, isOriginAllowed, preflightHeaders } from './origin-policy';

describe('origin allow-list', () => {
  it('matches exact origins case-insensitively', () => {
    expect(isOriginAllowed('https://Shop.Example.com', ['https://shop.example.com'])).toBe(true);
    expect(isOriginAllowed('http://shop.example.com', ['https://shop.example.com'])).toBe(false);
    expect(isOriginAllowed('https://shop.example.com:8443', ['https://shop.example.com'])).toBe(
      false,
    );
  });

  it('matches subdomains of a wildcard, but not the bare domain or look-alike hosts', () => {
    const list = ['https://*.example.com'];
    expect(isOriginAllowed('https://a.b.example.com', list)).toBe(true);
    expect(isOriginAllowed('https://example.com', list)).toBe(false);
    expect(isOriginAllowed('https://evil-example.com', list)).toBe(false);
    expect(isOriginAllowed('https://evil.com/.example.com', list)).toBe(false);
  });

  it('allows anything with *, and nothing with an empty list or for the null origin', () => {
    expect(isOriginAllowed('https://any.test', ['*'])).toBe(true);
    expect(isOriginAllowed('https://any.test', [])).toBe(false);
    expect(isOriginAllowed('null', ['https://shop.example.com'])).toBe(false);
  });

  it('echoes the origin with Vary, never *, and lets the page read Retry-After', () => {
    expect(corsHeaders('https://shop.example.com')).toEqual({
      'access-control-allow-origin': 'https://shop.example.com',
      'access-control-expose-headers': 'Retry-After',
      vary: 'Origin',
    });
    expect(corsHeaders(undefined)).toEqual({ vary: 'Origin' });
    expect(preflightHeaders('https://shop.example.com')['access-control-max-age']).toBe('86400');
  });
});
