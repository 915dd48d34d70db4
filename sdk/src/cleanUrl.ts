// A relative import on purpose: the package entry re-exports the TypeBox schemas, whose
// top-level calls a bundler cannot drop. This file is a plain string constant.
import { SENSITIVE_PARAM_SOURCE } from '../../contract/src/sensitive-names';

const sensitive = new RegExp(SENSITIVE_PARAM_SOURCE, 'i');

/** Deletes sensitive parameters; `true` when one was found. */
const strip = (params: URLSearchParams): boolean => {
  let found = false;
  for (const key of [...params.keys()]) {
    if (sensitive.test(key)) {
      params.delete(key);
      found = true;
    }
  }
  return found;
};

/**
 * Removes sensitive parameters (`email`, `token`, `password`, ... see `SENSITIVE_PARAM_SOURCE`)
 * from the query and from a `key=value` fragment (OAuth implicit flow: `#access_token=...`)
 * before a URL leaves the browser. The ingest scrubs again; this keeps secrets off the wire.
 *
 * @param href - an absolute URL
 * @returns the URL without sensitive parameters; `''` when it cannot be parsed
 * @example cleanUrl('https://a.example/?email=x@y.z&q=1') // 'https://a.example/?q=1'
 */
export const cleanUrl = (href: string): string => {
  try {
    const url = new URL(href);
    // Deleting the last parameter also drops the `?` (URL Standard, URLSearchParams update steps).
    strip(url.searchParams);
    // A fragment is rewritten only when it held a secret: others stay byte for byte.
    const hash = new URLSearchParams(url.hash.slice(1));
    if (strip(hash)) url.hash = `${hash}`;
    return url.href;
  } catch {
    // Unparseable (e.g. an empty referrer): send nothing rather than something unscrubbed.
    return '';
  }
};
