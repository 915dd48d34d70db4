import type { IncomingMessage } from 'node:http';
import { LIMITS } from '@clickstream/contract';

/**
 * Bytes read from one request at most. Beyond the batch limit the core answers 413 with the
 * size it saw; reading stops a little further on so an oversized upload cannot hold memory,
 * while a body slightly over the limit still gets its exact size in the message.
 */
export const MAX_READ_BYTES = 4 * LIMITS.maxBatchBytes;

/**
 * Reads a request body as bytes, up to `maxBytes + 1` (enough for the core to see it is too
 * large). Compressed bodies are passed on as they came: decompression is the core's.
 *
 * @param incoming - the Node request.
 * @param maxBytes - the cap. @default MAX_READ_BYTES
 * @returns the bytes, or `undefined` for an empty body.
 * @example const body = await readBody(c.env.incoming);
 */
export function readBody(
  incoming: IncomingMessage,
  maxBytes = MAX_READ_BYTES,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      incoming.off('data', onData);
      incoming.off('end', done);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const done = (): void => {
      cleanup();
      // A batch mostly arrives in one chunk: hand it on without a copy.
      resolve(
        size === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size),
      );
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    // A client that hangs up mid-body gets no answer and will retry; without this the
    // handler would wait for an `end` that never comes.
    const onClose = (): void => {
      if (!incoming.complete) onError(new Error('the client closed the request before its end'));
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading; the response carries `Connection: close` so the rest is discarded.
        incoming.pause();
        done();
      }
    };
    incoming.on('data', onData);
    incoming.on('end', done);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}
