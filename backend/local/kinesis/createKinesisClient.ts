import { Agent } from 'node:http';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { collectBody } from './collectBody';

export interface KinesisClientOptions {
  /** Plain-http endpoint of the emulator, e.g. `http://127.0.0.1:4567`. */
  readonly endpoint: string;
  /**
   * Parallel connections to the emulator; each in-flight `PutRecords` holds one.
   * @default 16
   */
  readonly maxSockets?: number;
  /**
   * Attempts the SDK makes per call on throttling or 5xx before `putRecords` sees the error.
   * @default 3
   */
  readonly maxAttempts?: number;
}

/**
 * A Kinesis client for the local emulator: only the endpoint differs from AWS.
 *
 * @param options - where the emulator listens.
 * @returns a client with dummy credentials, an HTTP/1.1 handler and a cheaper body collector.
 * @example const kinesis = createKinesisClient({ endpoint: 'http://127.0.0.1:4567' });
 * @see the team's toolchain notes — the v3 client defaults to HTTP/2 and fails against
 *   a plain-HTTP/1.1 emulator with `ERR_HTTP2_ERROR`.
 */
export function createKinesisClient(options: KinesisClientOptions): KinesisClient {
  // The SDK warns at construction that releases from January 2027 will need Node 22; the
  // pinned 3.1143.0 supports Node 20 (toolchain notes), so the warning only buries our output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new KinesisClient({
    streamCollector: collectBody,
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 }),
    }),
  });
}
