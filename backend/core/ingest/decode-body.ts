import { inflateSync } from 'node:zlib';
import { LIMITS } from '@clickstream/contract';
import { gunzipSized } from '../gunzip-sized';
import { IngestError } from './ingest-error';

/** `fatal`: invalid UTF-8 is a clear 400, never silently turned into U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

const MEDIA_TYPES = new Set(['', 'application/json', 'text/plain']);

/**
 * Checks the media type and charset, undoes `gzip`/`deflate` (from `Content-Encoding`, or
 * `?enc=` since `fetch`/`sendBeacon` without a preflight cannot set that header) and decodes
 * UTF-8, with the batch size limit applied before and after decompression (gzip bombs).
 *
 * @param body - the raw body; compressed bodies must arrive as bytes
 * @returns the body as text
 * @throws {IngestError} 413 too large, 415 unsupported media type or encoding, 400 bad bytes
 * @example decodeBody(bytes, { 'content-type': 'text/plain' }, { enc: 'gzip' })
 */
export function decodeBody(
  body: string | Uint8Array | undefined,
  headers: Readonly<Record<string, string | undefined>>,
  query: Readonly<Record<string, string | undefined>>,
): string {
  const [mediaType = '', ...params] = (headers['content-type'] ?? '').toLowerCase().split(';');
  if (!MEDIA_TYPES.has(mediaType.trim())) {
    throw new IngestError(
      415,
      'unsupported_media_type',
      `content type ${mediaType} is not accepted; send application/json or text/plain`,
    );
  }
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') {
      throw new IngestError(
        415,
        'unsupported_media_type',
        `charset ${value} is not accepted; send UTF-8`,
      );
    }
  }
  const encoding = (query.enc ?? headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (body === undefined || body.length === 0) {
    throw new IngestError(400, 'malformed_request', 'the request has no body');
  }
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (size > LIMITS.maxBatchBytes) {
    throw new IngestError(
      413,
      'size_violation',
      `the body is ${size} bytes; the limit is ${LIMITS.maxBatchBytes}`,
    );
  }
  if (encoding === 'identity' || encoding === '') {
    return typeof body === 'string' ? body : decodeUtf8(body);
  }
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new IngestError(
      415,
      'unsupported_media_type',
      `encoding ${encoding} is not accepted; use gzip or deflate`,
    );
  }
  if (typeof body === 'string') {
    throw new IngestError(400, 'malformed_request', `a ${encoding} body must arrive as bytes`);
  }
  return decodeUtf8(inflate(body, encoding));
}

function inflate(body: Uint8Array, encoding: 'gzip' | 'deflate'): Buffer {
  const max = LIMITS.maxBatchBytes;
  try {
    // The SDK's bodies are gzip (CompressionStream), whose trailer sizes the output buffer.
    return encoding === 'gzip'
      ? gunzipSized(body, max)
      : inflateSync(body, { maxOutputLength: max });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError(
        413,
        'size_violation',
        `the body inflates past ${LIMITS.maxBatchBytes} bytes`,
      );
    }
    throw new IngestError(400, 'malformed_request', `the body is not valid ${encoding} data`);
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new IngestError(400, 'malformed_request', 'the body is not valid UTF-8');
  }
}
