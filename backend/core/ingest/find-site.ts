import { IngestError } from './ingest-error';
import type { SiteConfig } from './types';

/**
 * Finds the site a request belongs to by its write key, taken from `?writeKey=` (beacons
 * cannot set headers), the envelope's `writeKey`, or Segment-style Basic auth
 * (`Authorization: Basic base64(writeKey:)`).
 *
 * @throws {IngestError} 401 when no known write key is given
 * @see https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#authentication
 */
export function findSite(
  sites: readonly SiteConfig[],
  queryKey: string | undefined,
  bodyKey: string | undefined,
  authorization: string | undefined,
): SiteConfig {
  const key = queryKey ?? bodyKey ?? basicAuthUser(authorization);
  if (!key) {
    throw new IngestError(
      401,
      'invalid_write_key',
      'no write key: send ?writeKey=, writeKey in the body or Basic auth',
    );
  }
  const site = sites.find((s) => s.writeKey === key);
  if (!site) throw new IngestError(401, 'invalid_write_key', 'unknown write key');
  return site;
}

function basicAuthUser(authorization: string | undefined): string | undefined {
  if (!authorization?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user || undefined;
}
