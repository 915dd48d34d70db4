import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { IngestConfig } from '../../core/ingest/types';

export interface IngestEnv {
  readonly streamName: string;
  readonly dlqQueueUrl: string;
  readonly config: IngestConfig;
}

const SitesSchema = Type.Array(
  Type.Object(
    {
      writeKey: Type.String({ minLength: 1, maxLength: 256 }),
      allowedOrigins: Type.Array(Type.String({ minLength: 1 })),
    },
    { additionalProperties: false },
  ),
  { minItems: 1 },
);

/**
 * Reads and validates the ingest function's environment, once per cold start: a
 * misconfigured function fails its first invocation loudly instead of dropping events.
 *
 * | variable | meaning |
 * |---|---|
 * | `STREAM_NAME` | Kinesis stream for accepted events |
 * | `DLQ_QUEUE_URL` | SQS queue for bad rows and failed puts |
 * | `CLICKSTREAM_SITES` | JSON array of `{ writeKey, allowedOrigins }` |
 * | `SKEW_DEAD_BAND_MS` | optional, clock-skew dead-band (default 5000) |
 *
 * @param env - the environment. @default process.env
 * @returns the validated settings.
 * @throws Error naming every variable that is missing or invalid.
 * @example const env = readIngestEnv();
 */
export function readIngestEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IngestEnv {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const streamName = required('STREAM_NAME');
  const dlqQueueUrl = required('DLQ_QUEUE_URL');
  const sitesText = required('CLICKSTREAM_SITES');
  let sites: IngestConfig['sites'] = [];
  if (sitesText) {
    try {
      const parsed: unknown = JSON.parse(sitesText);
      const error = Value.Errors(SitesSchema, parsed).First();
      if (error) problems.push(`CLICKSTREAM_SITES${error.path}: ${error.message}`);
      else sites = parsed as IngestConfig['sites'];
    } catch (err) {
      problems.push(`CLICKSTREAM_SITES is not JSON: ${(err as Error).message}`);
    }
  }
  let skewDeadBandMs: number | undefined;
  if (env.SKEW_DEAD_BAND_MS) {
    skewDeadBandMs = Number(env.SKEW_DEAD_BAND_MS);
    if (!Number.isInteger(skewDeadBandMs) || skewDeadBandMs < 0) {
      problems.push(
        `SKEW_DEAD_BAND_MS must be a non-negative integer, got ${env.SKEW_DEAD_BAND_MS}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(`ingest function misconfigured: ${problems.join('; ')}`);
  }
  return {
    streamName,
    dlqQueueUrl,
    config: { sites, ...(skewDeadBandMs !== undefined ? { skewDeadBandMs } : {}) },
  };
}
