import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcTimeParts } from './utc-time-parts';

/** The check `decodeLakeRow` made before `utcTimeParts`, with `Date`: the oracle. */
function withDate(iso: string): string[] | undefined {
  const shape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
  if (!shape.test(iso) || Number.isNaN(Date.parse(iso))) return undefined;
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return [
    String(d.getUTCFullYear()),
    pad(d.getUTCMonth() + 1),
    pad(d.getUTCDate()),
    pad(d.getUTCHours()),
  ];
}

describe('utcTimeParts', () => {
  it('gives the partition values of a toISOString() time', () => {
    expect(utcTimeParts('2026-11-25T17:04:05.678Z')).toEqual(['2026', '11', '25', '17']);
    expect(utcTimeParts('2024-02-29T23:59:59Z')).toEqual(['2024', '02', '29', '23']);
  });

  it('refuses offsets, other shapes and times Date.parse refuses', () => {
    for (const time of [
      '2026-11-25T18:00:00+01:00',
      '2026-11-25T17:04Z',
      '2026-11-25 17:04:05Z',
      '2026-11-25T10:00:60Z',
      '2026-13-01T00:00:00Z',
      '2026-11-25T24:00:00.001Z',
      '',
    ]) {
      expect(utcTimeParts(time)).toBeUndefined();
    }
  });

  it('judges the times V8 rolls over, and years before 1000, as Date does', () => {
    expect(utcTimeParts('2026-04-31T00:00:00Z')).toEqual(['2026', '05', '01', '00']);
    expect(utcTimeParts('2026-02-29T10:00:00Z')).toEqual(['2026', '03', '01', '10']);
    expect(utcTimeParts('2026-11-25T24:00:00Z')).toEqual(['2026', '11', '26', '00']);
    expect(utcTimeParts('0999-01-01T00:00:00Z')).toEqual(['999', '01', '01', '00']);
  });

  it('agrees with the Date-based check on any ISO-shaped string and on real times', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    const twoDigitsNear = (max: number) =>
      fc.oneof(
        digits(2),
        fc.integer({ min: 0, max: max + 1 }).map((n) => String(n).padStart(2, '0')),
      );
    const shaped = fc
      .tuple(
        fc.oneof(digits(4), fc.integer({ min: 1000, max: 2100 }).map(String)),
        twoDigitsNear(12),
        twoDigitsNear(31),
        twoDigitsNear(24),
        twoDigitsNear(59),
        twoDigitsNear(60),
        fc.option(fc.stringMatching(/^\d{1,10}$/), { nil: undefined }),
        fc.constantFrom('Z', 'Z', 'Z', '+00:00', 'z', ''),
      )
      .map(
        ([y, mo, d, h, mi, s, f, zone]) =>
          `${y}-${mo}-${d}T${h}:${mi}:${s}${f === undefined ? '' : `.${f}`}${zone}`,
      );
    fc.assert(
      fc.property(
        fc.oneof(
          shaped,
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string({ maxLength: 30 }),
        ),
        (time) => {
          expect(utcTimeParts(time)).toEqual(withDate(time));
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
