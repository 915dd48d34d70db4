import { describe, expect, it } from 'vitest';
import { REDACTED } from './redacted';
import { scrubText } from './scrub-text';

const scrub = (s: string) => scrubText(s, { redactions: 0 });

describe('IP addresses that name no visitor', () => {
  it('keeps the host of a URL, which is the server the page came from', () => {
    expect(scrub('http://127.0.0.1:8080/cart')).toBe('http://127.0.0.1:8080/cart');
    expect(scrub('https://203.0.113.7/checkout')).toBe('https://203.0.113.7/checkout');
  });

  it('keeps loopback addresses', () => {
    expect(scrub('served from 127.0.0.1')).toBe('served from 127.0.0.1');
  });

  it('still redacts an address anywhere else in a URL', () => {
    expect(scrub('https://shop.example.com/?ip=203.0.113.7')).toBe(
      `https://shop.example.com/?ip=${REDACTED}`,
    );
    expect(scrub('https://shop.example.com/visitors/203.0.113.7')).toBe(
      `https://shop.example.com/visitors/${REDACTED}`,
    );
  });
});
