import { createHash, createHmac } from 'node:crypto';

/** The credentials Lambda puts in the environment of every function. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface RequestToSign {
  readonly method: string;
  readonly host: string;
  /** Absolute path without query, e.g. `/_index_template/clickstream-events`. */
  readonly path: string;
  /** Extra headers to sign and send (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly region: string;
  readonly service: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  readonly amzDate: string;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Signs a request with AWS Signature Version 4: enough for the one deploy-time call to a VPC
 * OpenSearch domain, without bundling an SDK signer into the custom resource.
 *
 * @param request - what to sign
 * @param credentials - the function's role credentials
 * @returns every header to send, `authorization` included
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 * @example signRequest({ method: 'PUT', host, path, headers: {}, body, region, service: 'es', amzDate }, creds)
 */
export function signRequest(
  request: RequestToSign,
  credentials: SigningCredentials,
): Record<string, string> {
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.host,
    'x-amz-date': request.amzDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    request.path.split('/').map(encodeURIComponent).join('/'),
    '',
    ...names.map((n) => `${n}:${headers[n]?.trim()}`),
    '',
    signedHeaders,
    sha256(request.body),
  ].join('\n');
  const date = request.amzDate.slice(0, 8);
  const scope = `${date}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', request.amzDate, scope, sha256(canonicalRequest)].join(
    '\n',
  );
  const signingKey = [date, request.region, request.service, 'aws4_request'].reduce<
    string | Buffer
  >((key, part) => hmac(key, part), `AWS4${credentials.secretAccessKey}`);
  const signature = hmac(signingKey, stringToSign).toString('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
