import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

const SEP = String.raw`[ .\-\u00A0]`;

/**
 * Phone numbers in the shapes people write them. A bare digit run is never a phone here
 * (it is as likely an order id, a barcode or a timestamp): a number needs a `+` (or its
 * URL encoding `%2B`), a trunk `0` with separators, an area code in parentheses, or a
 * national grouping with separators.
 */
const PHONE = new RegExp(
  '(?:' +
    // International: +49 (0)30 1234 5678, +1 (415) 555-2671, +14155552671, +33 6 12 34 56 78.
    // The `+` only must not be glued to a word or number (`/+49…` in a URL path is fine).
    String.raw`(?<![A-Za-z0-9_+])(?:\+|%2[Bb])\d(?:[ .\-\u00A0()/]{0,2}\d){6,14}` +
    // National: not glued to a word, an id (`ORD-2024-…`), a decimal or a date's slash
    // (`2026/01/05`); CJK text may touch it.
    String.raw`|(?<![A-Za-z0-9_,/\\+\-]|\d\.)(?:` +
    [
      // Area code in parentheses: (415) 555-2671, (020) 7946 0958, (11) 91234-5678
      String.raw`\(\d{1,5}\)${SEP}?\d{2,5}(?:${SEP}\d{2,5}){0,3}`,
      // North American: 415-555-2671, 415.555.2671, 1-800-555-0199 (one separator style)
      String.raw`(?:1${SEP}?)?[2-9]\d{2}(?<nanp>${SEP})[2-9]\d{2}\k<nanp>\d{4}`,
      // Trunk prefix 0: 020 7946 0958, 030/12345678, 01 23 45 67 89, 090-1234-5678
      String.raw`0\d{1,5}(?:[ .\-\u00A0/]\d{2,8}){1,4}`,
      // Indian mobile 98765 43210, Brazilian mobile 11 91234-5678
      String.raw`[6-9]\d{4}[ \-]\d{5}`,
      String.raw`\d{2}[ \u00A0]9\d{4}-\d{4}`,
    ].join('|') +
    // Not cut from a longer number, a date-time (`05.11.2026 10:30`) or a word.
    String.raw`))(?![A-Za-z0-9_]|[ .\-\u00A0()/]{1,2}\d|:\d)`,
  'g',
);

/**
 * E.164 allows 15 digits with the country code; national numbers have at least 9 digits
 * in the countries covered (dates like `05.11.2026` have 8).
 * @see https://www.itu.int/rec/T-REC-E.164
 */
const MIN_INTERNATIONAL_DIGITS = 8;
const MIN_NATIONAL_DIGITS = 9;
const MAX_DIGITS = 15;

/** Redacts phone numbers written with `+`, a trunk `0`, parentheses or separators. */
export function redactPhones(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, PHONE, counter, (m) => {
    const candidate = m[0];
    let digits = 0;
    for (let i = 0; i < candidate.length; i++) {
      const c = candidate.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
    }
    const international = candidate[0] === '+' || candidate[0] === '%';
    // `%2B` contributes a digit that is not part of the number.
    const min = international ? MIN_INTERNATIONAL_DIGITS : MIN_NATIONAL_DIGITS;
    const count = candidate[0] === '%' ? digits - 1 : digits;
    return count >= min && count <= MAX_DIGITS;
  });
}
