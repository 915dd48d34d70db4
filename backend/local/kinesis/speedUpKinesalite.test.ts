import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KinesaliteDb, speedUpKinesalite } from './speedUpKinesalite';

const original = speedUpKinesalite();
const fast = createRequire(import.meta.url)('kinesalite/db') as KinesaliteDb;

const parts = fc.record({
  shardCreateTime: fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }).map((s) => s * 1000),
  seqIx: fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }).map(String)),
  seqTime: fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 }),
  shardIx: fc.integer({ min: 0, max: 9 }),
});

describe('speedUpKinesalite', () => {
  it('writes the same sequence numbers as kinesalite', () => {
    fc.assert(
      fc.property(parts, (p) => {
        expect(fast.stringifySequence(p)).toBe(original.stringifySequence(p));
      }),
    );
  });

  it('parses sequence numbers to the same parts as kinesalite', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const seq = original.stringifySequence(p);
        expect(fast.parseSequence(seq)).toEqual(original.parseSequence(seq));
      }),
    );
  });

  it('falls back to kinesalite for sequence numbers of other versions', () => {
    const v1 = original.stringifySequence({ shardCreateTime: 1.5e12, version: 1, shardIx: 3 });
    expect(fast.parseSequence(v1)).toEqual(original.parseSequence(v1));
    expect(() => fast.parseSequence('12')).not.toThrow();
  });

  it('maps partition keys to the same hash keys as kinesalite', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 256, unit: 'binary' }), (key) => {
        const a = fast.partitionKeyToHashKey(key);
        const b = original.partitionKeyToHashKey(key);
        expect(a.comparedTo(b)).toBe(0);
        expect(String(a)).toBe(String(b));
      }),
    );
  });

  it('returns the originals again when called twice', () => {
    expect(speedUpKinesalite()).toBe(original);
  });
});
