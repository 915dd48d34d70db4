import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTime } from './parse-time';

describe('parseTime', () => {
  it('reads the SDK’s form exactly as Date.parse does', () => {
    for (const time of [
      '2026-11-25T10:00:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2024-02-28T00:00:00.001Z',
    ]) {
      expect(parseTime(time)).toBe(Date.parse(time));
    }
  });

  it('leaves look-alikes and edge dates to Date.parse, with its answer', () => {
    for (const time of [
      '2024-02-29T00:00:00.000Z', // a leap day
      '2026-01-31T23:59:59.999Z',
      '2026-11-25T24:00:00.000Z',
      '2026-11-25T10:00:60.000Z', // NaN
      '0099-01-01T00:00:00.000Z', // Date.UTC would say 1999
      '2026-13-01T00:00:00.000Z',
      '2026-1a-01T00:00:00.000Z',
      '2026-11-25T10:00:00.000+01:00',
      '2026-11-25T10:00:00Z',
      'not a date at all, 24 ch',
    ]) {
      expect(parseTime(time)).toBe(Date.parse(time));
    }
  });

  it('refuses a day its month does not have, which Date.parse rolls over into the next month', () => {
    for (const time of [
      '2026-02-30T00:00:00.000Z',
      '2026-02-29T10:00:00.000Z', // 2026 is not a leap year
      '2100-02-29T10:00:00Z', // nor is 2100
      '2026-04-31T10:00:00+05:30',
      '2026-06-31',
      '0099-02-29T00:00:00.000Z',
    ]) {
      expect(Date.parse(time), time).not.toBeNaN();
      expect(parseTime(time), time).toBeNaN();
    }
    expect(parseTime('2000-02-29T10:00:00Z')).toBe(Date.parse('2000-02-29T10:00:00Z'));
  });

  it('agrees with Date.parse on any 24-character ISO-shaped string naming a real day', () => {
    const digit = fc.constantFrom(...'0123456789');
    const field = (n: number) =>
      fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
    const shaped = fc
      .tuple(field(4), field(2), field(2), field(2), field(2), field(2), field(3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(
        fc.oneof(
          shaped,
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        (time) => {
          // The calendar's own answer, independent of parseTime's arithmetic.
          const [year, month, day] = time.slice(0, 10).split('-').map(Number) as number[];
          const probe = new Date(0);
          probe.setUTCFullYear(year as number, (month as number) - 1, day);
          const real = !/^\d{4}-/.test(time) || probe.getUTCDate() === day;
          expect(parseTime(time)).toBe(real ? Date.parse(time) : Number.NaN);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
