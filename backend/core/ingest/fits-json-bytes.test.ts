import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitsJsonBytes } from './fits-json-bytes';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('fitsJsonBytes', () => {
  it('never says a value fits when its JSON is larger than the limit', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4096 }), (value, limit) => {
        if (fitsJsonBytes(value, limit, 64)) expect(bytes(value)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 3000 },
    );
  });

  it('bounds escapes, astral characters and long numbers too', () => {
    const nasty = {
      ctl: '\u0001\u001f"\\',
      emoji: '😀'.repeat(10),
      n: [-0.0000012345678901234567, -1.7976931348623157e308, 5e-324],
    };
    for (let limit = 0; limit < 2000; limit++) {
      if (fitsJsonBytes(nasty, limit, 9)) expect(bytes(nasty)).toBeLessThanOrEqual(limit);
    }
  });

  it('settles an ordinary event far below the limit, and leaves a large or deep one to measure', () => {
    const event = { type: 'track', event: 'Clicked', properties: { sku: 'SKU-1', price: 9.5 } };
    expect(fitsJsonBytes(event, 32 * 1024, 9)).toBe(true);
    expect(fitsJsonBytes({ text: 'x'.repeat(6000) }, 32 * 1024, 9)).toBe(false);
    let deep: unknown = {};
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(fitsJsonBytes(deep, 32 * 1024, 9)).toBe(false);
  });
});
