import { describe, expect, it } from 'vitest';
import { DuplicateCounter } from './DuplicateCounter';

describe('DuplicateCounter', () => {
  it('counts a repeated messageId every time it repeats', () => {
    const dups = new DuplicateCounter(10);
    for (const id of ['a', 'b', 'a', 'a', 'c']) dups.observe(id);
    expect(dups.duplicates).toBe(2);
  });

  it('forgets the least recently seen id beyond its capacity', () => {
    const dups = new DuplicateCounter(2);
    dups.observe('a');
    dups.observe('b');
    dups.observe('a'); // refreshes a
    dups.observe('c'); // evicts b
    expect(dups.observe('a')).toBe(true);
    expect(dups.observe('b')).toBe(false);
  });
});
