export interface StreamProcessorEnv {
  readonly deliveryStreamName: string;
  /** Present when the function also feeds the real-time search index. */
  readonly opensearch?: {
    /** `https://vpc-....es.amazonaws.com` */
    readonly endpoint: string;
    readonly index: string;
    /** Region for request signing. */
    readonly region: string;
  };
}

/** OpenSearch index names: lower case, no spaces or `\/*?"<>|,#:`, not starting with `-_+`. */
const INDEX_NAME = /^[a-z0-9][a-z0-9._-]{0,200}$/;

/**
 * Reads and validates the stream processor's environment, once per cold start: a
 * misconfigured function fails its first invocation loudly instead of dropping events.
 *
 * | variable | meaning |
 * |---|---|
 * | `DELIVERY_STREAM_NAME` | Firehose delivery stream that writes the Parquet lake |
 * | `OPENSEARCH_ENDPOINT` | optional, `https://` endpoint of the search domain |
 * | `OPENSEARCH_INDEX` | optional, index for events (default `clickstream-events`); rejects go to `<index>-bad` |
 * | `AWS_REGION` | set by Lambda; signs OpenSearch requests |
 *
 * @param env - the environment. @default process.env
 * @returns the validated settings
 * @throws Error naming every variable that is missing or invalid
 * @example const env = readStreamProcessorEnv();
 */
export function readStreamProcessorEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): StreamProcessorEnv {
  const problems: string[] = [];
  const deliveryStreamName = env.DELIVERY_STREAM_NAME ?? '';
  if (!deliveryStreamName) problems.push('DELIVERY_STREAM_NAME is not set');
  const endpoint = env.OPENSEARCH_ENDPOINT;
  const index = env.OPENSEARCH_INDEX || 'clickstream-events';
  const region = env.AWS_REGION ?? '';
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      problems.push(`OPENSEARCH_ENDPOINT is not a URL: ${endpoint}`);
    }
    if (url && url.protocol !== 'https:') problems.push('OPENSEARCH_ENDPOINT must use https');
    if (!region) problems.push('AWS_REGION is not set (needed to sign OpenSearch requests)');
  }
  if (!INDEX_NAME.test(index))
    problems.push(`OPENSEARCH_INDEX is not a valid index name: ${index}`);
  if (problems.length > 0) {
    throw new Error(`stream processor misconfigured: ${problems.join('; ')}`);
  }
  return {
    deliveryStreamName,
    ...(endpoint ? { opensearch: { endpoint, index, region } } : {}),
  };
}
