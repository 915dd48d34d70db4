import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

/**
 * Issuer prefix ranges (IIN) and the card lengths each brand issues. A number must match a
 * range, a length and the Luhn checksum: a random 16-digit id passes all three far less
 * often than Luhn alone (1 in 10). Short lengths that brands have stopped issuing are left
 * out on purpose (13-digit Visa, 12–15-digit Maestro): they collide with EAN-13 barcodes.
 * @see https://en.wikipedia.org/wiki/Payment_card_number#Issuer_identification_number_(IIN)
 */
const IIN_RANGES: readonly (readonly [
  prefixDigits: number,
  from: number,
  to: number,
  minLength: number,
  maxLength: number,
])[] = [
  [1, 4, 4, 16, 19], // Visa (16 or 19; 17 and 18 are rejected below)
  [2, 51, 55, 16, 16], // Mastercard
  [4, 2221, 2720, 16, 16], // Mastercard 2-series
  [2, 34, 34, 15, 15], // American Express
  [2, 37, 37, 15, 15],
  [4, 6011, 6011, 16, 19], // Discover
  [3, 644, 649, 16, 19],
  [2, 65, 65, 16, 19],
  [2, 62, 62, 16, 19], // UnionPay
  [4, 3528, 3589, 16, 19], // JCB
  [3, 300, 305, 14, 19], // Diners Club
  [4, 3095, 3095, 14, 19],
  [2, 36, 36, 14, 19],
  [2, 38, 39, 16, 19],
  [4, 2200, 2204, 16, 19], // Mir
  [2, 50, 50, 16, 19], // Maestro, Verve
  [2, 56, 69, 16, 19], // Maestro, RuPay 60
  [2, 81, 82, 16, 16], // RuPay
  [4, 9792, 9792, 16, 16], // Troy
];

const MIN_LENGTH = 14;
const MAX_LENGTH = 19;

/**
 * `true` when the first `length` of `digits` (values 0–9) have a real issuer prefix, a
 * length that issuer uses, and a valid Luhn check digit.
 */
function isPaymentCardNumber(digits: Uint8Array, length: number): boolean {
  if (length < MIN_LENGTH || length > MAX_LENGTH) return false;
  const first = digits[0] as number;
  if (first === 4 && length !== 16 && length !== 19) return false;
  const prefix4 =
    first * 1000 + (digits[1] as number) * 100 + (digits[2] as number) * 10 + (digits[3] as number);
  for (const [prefixDigits, from, to, min, max] of IIN_RANGES) {
    if (length < min || length > max) continue;
    const prefix = Math.trunc(prefix4 / 10 ** (4 - prefixDigits));
    if (prefix >= from && prefix <= to) return luhnValid(digits, length);
  }
  return false;
}

/** @see https://en.wikipedia.org/wiki/Luhn_algorithm */
function luhnValid(digits: Uint8Array, length: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = length - 1; i >= 0; i--) {
    let d = digits[i] as number;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * 14–19 digits, bare or in groups of 3–6 split by single spaces or dashes, as cards are
 * printed (4-4-4-4, Amex 4-6-5, 4-4-4-4-3). Not glued to a word, an id (`ORD-`), a decimal
 * (`0.5488135039273248`) or a `+` (phone numbers); starting with a digit some issuer uses.
 */
const CANDIDATE =
  /(?<![A-Za-z0-9_.,+-])(?=[2-689])(?:\d{14,19}|\d{4}(?:[ -]\d{3,6}){2,4})(?![A-Za-z0-9_]|[.,]\d)/g;

/**
 * Redacts payment card numbers. A grouped candidate longer than the card
 * (`4111 1111 1111 1111 2`) is tried at each group end, longest first, and only the card
 * part is redacted.
 */
export function redactPaymentCards(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, CANDIDATE, counter, (m) => {
    const candidate = m[0];
    // Digits into a reused buffer, and each group end as [digits so far, offset after it].
    let count = 0;
    let groups = 0;
    for (let i = 0; i < candidate.length; i++) {
      const c = candidate.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        DIGITS[count++] = c - 48;
        const next = candidate.charCodeAt(i + 1);
        if (!(next >= 48 && next <= 57)) {
          GROUP_DIGITS[groups] = count;
          GROUP_ENDS[groups++] = i + 1;
        }
      }
    }
    for (let g = groups - 1; g >= 0; g--) {
      const length = GROUP_DIGITS[g] as number;
      if (length < MIN_LENGTH) break;
      if (isPaymentCardNumber(DIGITS, length)) {
        const end = GROUP_ENDS[g] as number;
        return end === candidate.length ? true : [0, end];
      }
    }
    return false;
  });
}

/** Scratch space for the judge: a candidate has at most 4 + 4 × 6 digits in 5 groups. */
const DIGITS = new Uint8Array(28);
const GROUP_DIGITS = new Uint8Array(5);
const GROUP_ENDS = new Uint8Array(40);
