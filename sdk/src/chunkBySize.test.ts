import { expect, test } from 'vitest';
import { chunkBySize } from './chunkBySize';

const bytes = (chunk: unknown[]) => new Blob([JSON.stringify(chunk)]).size;

test('keeps every chunk under the byte budget, in order', () => {
  const events = Array.from({ length: 50 }, (_, i) => ({ i, text: 'x'.repeat(3000) }));
  const chunks = chunkBySize(events, 60_000);
  expect(chunks.flat()).toEqual(events);
  for (const chunk of chunks) expect(bytes(chunk)).toBeLessThanOrEqual(60_000);
  expect(chunks.length).toBe(3);
});

test('counts UTF-8 bytes, not characters', () => {
  const events = Array.from({ length: 4 }, () => ({ text: '€'.repeat(10_000) }));
  const chunks = chunkBySize(events, 60_000);
  expect(chunks.map((c) => c.length)).toEqual([1, 1, 1, 1]);
});

test('puts an event larger than the budget in a chunk of its own', () => {
  const big = { text: 'x'.repeat(70_000) };
  expect(chunkBySize([{ a: 1 }, big, { b: 2 }], 60_000)).toEqual([[{ a: 1 }], [big], [{ b: 2 }]]);
});

test('gives no chunk for no event', () => {
  expect(chunkBySize([], 60_000)).toEqual([]);
});
