import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

/**
 * US Social Security numbers as written: `123-45-6789` or `123 45 6789` (the same
 * separator twice). Never-issued blocks are skipped (area 000 and 666, group 00, serial
 * 0000); the 9xx area stays in because ITINs (taxpayer ids) share the shape. Bare 9-digit
 * runs are not matched: too many ids look like them.
 * @see https://www.ssa.gov/history/ssn/geocard.html
 */
const SSN =
  /(?<![A-Za-z0-9_.+-])(?!000|666)\d{3}([ -])(?!00)\d{2}\1(?!0000)\d{4}(?![A-Za-z0-9_]|[-./]\d)/g;

/** Redacts US Social Security numbers (and ITINs). */
export function redactUsSsns(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, SSN, counter);
}
