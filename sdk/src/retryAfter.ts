/**
 * Milliseconds to wait according to a `Retry-After` header, which is either a number of
 * seconds or an HTTP-date (RFC 9110 §10.2.3).
 *
 * @param value - the header value; `null` or `undefined` when absent
 * @returns the delay in ms; not above 0 (0, negative or `NaN`) when absent, invalid or in the
 *   past: the caller keeps its own backoff unless this is greater (`NaN` never is), which is
 *   smaller in the core than clamping here (issue 3)
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 * @example retryAfter('120') // 120000
 */
export const retryAfter = (value: string | null | undefined): number =>
  // `+null` and `+''` are 0: an absent header is "0 seconds"; `undefined` parses as no date.
  +(value as string) >= 0 ? +(value as string) * 1000 : Date.parse(value as string) - Date.now();
