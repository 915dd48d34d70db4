import { LIMITS } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import type { ScrubCounter } from './redacted';
import { scrubText } from './scrub-text';

/** A string of `LIMITS.maxStringLength` (8 KB) repeating `unit`. */
const fill = (unit: string) =>
  unit.repeat(Math.ceil(LIMITS.maxStringLength / unit.length)).slice(0, LIMITS.maxStringLength);

/**
 * Inputs aimed at each detector's worst case: long runs of the characters a pattern
 * consumes, separators it allows, and prefixes that start a candidate but never finish one.
 */
const PATHOLOGICAL: Record<string, string> = {
  letters: fill('a'),
  digits: fill('1'),
  'spaced digits': fill('1 '),
  'dashed digits': fill('1-'),
  'card groups': fill('4111 '),
  'digit pairs': fill('12 '),
  'trunk zeros': fill('0 '),
  'plus digits': fill('+1 '),
  'area codes': fill('(1) '),
  'address starts': fill('a@'),
  'address ends': fill('@a'),
  'dotted labels': fill('a.'),
  'unfinished domains': fill('a@a.'),
  apostrophes: fill("a'"),
  'escaped spaces': fill('%20a'),
  'escaped plus': fill('%2Ba'),
  'escaped at': fill('a%40a.'),
  colons: fill(':'),
  'hex groups': fill('1:'),
  'double colons': fill('::1 '),
  'dotted digits': fill('1.'),
  'IBAN starts': fill('DE89 '),
  'IBAN glued': fill('AB12'),
  'JWT starts': fill('eyJ'),
  'JWT segments': fill('eyJaaaaaaaa.'),
  'bearer words': fill('Bearer '),
  'PEM headers': fill('-----BEGIN PRIVATE KEY-----'),
  'key prefixes': fill('sk-'),
  parameters: fill('?a='),
  'escaped parameters': fill('&a=b+'),
  'broken escapes': fill('?a=%'),
  'sensitive parameters': fill('&token='),
  userinfo: fill('//a@'),
  mixed: fill('x@y.z 4111-1111 +49 (0) DE89 ::1 eyJ a=%2B 1.2.3. '),
};

describe('scrubText on pathological input', () => {
  // Compile every pattern first: the bound is about backtracking, not start-up.
  scrubText('warm-up jane@example.com +49 30 1234567 DE89370400440532013000 ::1 ?token=x', {
    redactions: 0,
  });

  // Best of three: this machine is shared, and a descheduled process is not backtracking.
  // Catastrophic backtracking would be slow every time (seconds, not milliseconds).
  it.each(Object.entries(PATHOLOGICAL))('scrubs 8 KB of %s in well under 50 ms', (_, text) => {
    const times = [1, 2, 3].map(() => {
      const counter: ScrubCounter = { redactions: 0 };
      const start = performance.now();
      scrubText(text, counter);
      return performance.now() - start;
    });
    expect(Math.min(...times)).toBeLessThan(50);
  });
});
