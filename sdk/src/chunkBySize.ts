/**
 * Splits events into consecutive chunks whose JSON stays under `maxBytes` of UTF-8, because a
 * beacon or keepalive fetch over the page's 64 KB quota silently fails (analytics-next PR
 * #1100, posthog-js PR #4140). An event larger than the limit gets a chunk of its own: its
 * send fails and it stays queued for a normal `fetch`.
 *
 * @param events - the events, oldest first
 * @param maxBytes - the byte budget of one chunk's events
 * @returns the chunks, in order
 * @example chunkBySize(events, 60_000)
 */
export const chunkBySize = <T>(events: T[], maxBytes: number): T[][] => {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let size = 0;
  for (const event of events) {
    const bytes = new Blob([JSON.stringify(event)]).size + 1;
    if (chunk.length && size + bytes > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(event);
    size += bytes;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
};
