/**
 * Splits items into consecutive groups that respect an API's per-call limits (PutRecords:
 * 500 records / 5 MB; PutRecordBatch: 500 / 4 MiB; OpenSearch bulk: bytes only). An item
 * larger than `maxBytes` on its own still gets a group of its own, never an empty group.
 *
 * @param items - what to send, in order
 * @param sizeOf - bytes an item counts against `maxBytes`
 * @param maxCount - most items per group
 * @param maxBytes - most bytes per group
 * @example chunkByLimits(entries, putEntrySize, 500, 5 * 1024 * 1024)
 */
export function chunkByLimits<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  maxCount: number,
  maxBytes: number,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length === maxCount || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
