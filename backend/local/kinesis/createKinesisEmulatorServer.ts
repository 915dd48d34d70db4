import { isAscii } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { KinesisApiError } from './KinesisApiError';
import type { KinesisEmulator } from './KinesisEmulator';
import { scanPutRecords } from './scanPutRecords';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** Kinesis's own cap on a request (5 MB of records, base64 and JSON around them). */
const MAX_REQUEST_BYTES = 7 * 1024 * 1024;

/**
 * The HTTP face of the emulator: Kinesis's `awsJson1_1` protocol, what `@aws-sdk/client-kinesis`
 * speaks (`POST /`, `X-Amz-Target: Kinesis_20131202.<Operation>`, JSON bodies, errors as HTTP 400
 * with `__type`). Signatures are not checked: the runtime's clients use dummy credentials.
 *
 * @param emulator - the streams.
 * @returns an `http.Server` to `listen` on 127.0.0.1.
 * @example createKinesisEmulatorServer(new KinesisEmulator(dir)).listen(0, '127.0.0.1');
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonParameters.html
 */
export function createKinesisEmulatorServer(emulator: KinesisEmulator): Server {
  return createServer(function kinesisRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    // A client that hangs up mid-request gets no answer and retries; unhandled, the error would
    // end the emulator's thread.
    req.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let status = 200;
      let body: string | Buffer;
      try {
        if (size > MAX_REQUEST_BYTES) {
          throw new KinesisApiError('SerializationException', 'request larger than 7 MB');
        }
        if (!/json/.test(String(req.headers['content-type']))) {
          throw new KinesisApiError(
            'SerializationException',
            `the local emulator speaks ${CONTENT_TYPE} only`,
          );
        }
        const bytes = Buffer.concat(chunks, size);
        const input = (operation === 'PutRecords' && scanPutRecords(bytes)) || parse(bytes);
        body = emulator.handle(operation, input);
      } catch (err) {
        const known = err instanceof KinesisApiError;
        status = known ? 400 : 500;
        const type = known ? err.type : 'InternalFailure';
        const message = err instanceof Error ? err.message : String(err);
        res.setHeader('x-amzn-ErrorType', type);
        body = JSON.stringify({ __type: type, message });
      }
      res.writeHead(status, {
        'content-type': CONTENT_TYPE,
        'content-length': Buffer.byteLength(body),
        'x-amzn-RequestId': randomUUID(),
      });
      res.end(body);
    });
  });
}

function parse(bytes: Buffer): Record<string, unknown> {
  let input: unknown;
  try {
    // The SDK's bodies are ASCII but for non-ASCII partition keys; latin1 skips UTF-8 decoding.
    input = JSON.parse(bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'));
  } catch {
    throw new KinesisApiError('SerializationException', 'the body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new KinesisApiError('SerializationException', 'the body is not a JSON object');
  }
  return input as Record<string, unknown>;
}
