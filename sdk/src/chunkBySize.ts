/**
 * Splits events, each as its JSON text, into consecutive chunks whose batch stays under
 * `maxBytes` of UTF-8, because a beacon or keepalive fetch over the page's 64 KB quota
 * silently fails (analytics-next PR #1100, posthog-js PR #4140). An event larger than the limit
 * gets a chunk of its own: its send fails and it stays queued for a normal `fetch`.
 *
 * @param events - the events' JSON texts, oldest first
 * @param maxBytes - the byte budget of one chunk's events
 * @returns the chunks, in order
 * @example chunkBySize(['{"type":"page"}'], 60_000) // [['{"type":"page"}']]
 */
export const chunkBySize = (events: string[], maxBytes: number): string[][] => {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const event of events) {
    const bytes = new Blob([event]).size + 1;
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
