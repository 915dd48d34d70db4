import { expect, test } from 'vitest';
import { chunkBySize } from './chunkBySize';

const bytes = (chunk: string[]) => new Blob([`[${chunk}]`]).size;
const json = (value: unknown) => JSON.stringify(value);

test('keeps every chunk under the byte budget, in order', () => {
  const events = Array.from({ length: 50 }, (_, i) => json({ i, text: 'x'.repeat(3000) }));
  const chunks = chunkBySize(events, 60_000);
  expect(chunks.flat()).toEqual(events);
  for (const chunk of chunks) expect(bytes(chunk)).toBeLessThanOrEqual(60_000);
  expect(chunks.length).toBe(3);
});

test('counts UTF-8 bytes, not characters', () => {
  const events = Array.from({ length: 4 }, () => json({ text: '€'.repeat(10_000) }));
  const chunks = chunkBySize(events, 60_000);
  expect(chunks.map((c) => c.length)).toEqual([1, 1, 1, 1]);
});

test('puts an event larger than the budget in a chunk of its own', () => {
  const [a, big, b] = [{ a: 1 }, { text: 'x'.repeat(70_000) }, { b: 2 }].map(json) as [
    string,
    string,
    string,
  ];
  expect(chunkBySize([a, big, b], 60_000)).toEqual([[a], [big], [b]]);
});

test('gives no chunk for no event', () => {
  expect(chunkBySize([], 60_000)).toEqual([]);
});
