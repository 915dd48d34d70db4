import { describe, expect, it } from 'vitest';
import { DuplicateCounter } from './DuplicateCounter';

describe('DuplicateCounter', () => {
  it('counts a repeated messageId every time it repeats', () => {
    const dups = new DuplicateCounter(10);
    for (const id of ['a', 'b', 'a', 'a', 'c']) dups.observe(id);
    expect(dups.duplicates).toBe(2);
  });

  it('forgets the oldest new id beyond its capacity, however often it repeated', () => {
    const dups = new DuplicateCounter(2);
    dups.observe('a');
    dups.observe('b');
    expect(dups.observe('a')).toBe(true); // a repeat takes no slot
    dups.observe('c'); // evicts a, the oldest
    expect(dups.observe('b')).toBe(true);
    expect(dups.observe('a')).toBe(false);
    expect(dups.duplicates).toBe(2);
  });

  it('remembers exactly the last capacity ids after wrapping around many times', () => {
    const dups = new DuplicateCounter(3);
    for (let i = 0; i < 100; i++) dups.observe(`id-${i}`);
    expect([97, 98, 99].map((i) => dups.observe(`id-${i}`))).toEqual([true, true, true]);
    expect(dups.observe('id-96')).toBe(false);
  });

  it('refuses a capacity that cannot hold an id', () => {
    expect(() => new DuplicateCounter(0)).toThrow(RangeError);
  });
});
