import { redactEmails } from './email';
import { redactIbans } from './iban';
import { redactIpv4Addresses, redactIpv6Addresses } from './ip-address';
import { redactPaymentCards } from './payment-card';
import { redactPhones } from './phone';
import type { ScrubCounter } from './redacted';
import { redactSecretTokens } from './secret-token';
import { redactUsSsns } from './us-ssn';

/** Shortest string that can hold a detected value (`a@b.co`). */
const MIN_LENGTH = 6;
/** Shortest credential the secret detector matches (`Bearer ` + 8). */
const MIN_SECRET_LENGTH = 15;
/** Any character a digit-based detector or an email needs; most names and titles have none. */
const MAY_HOLD_PII = /[\d@%]/;

/**
 * Runs every PII pattern detector over `text`, each only when one pass over the
 * characters shows it could match: most event strings are names, codes, ids and
 * timestamps and skip them all. Order matters: secrets before emails (a JWT is not an
 * address), IBANs and cards before phones (a grouped card is not a phone), IPv6 before
 * IPv4 (`::ffff:203.0.113.7` is one address). Each detector sees the previous one's
 * output, and `[REDACTED]` matches none of them.
 */
export function redactPatterns(text: string, counter: ScrubCounter): string {
  if (text.length < MIN_LENGTH) return text;
  let out = text.length >= MIN_SECRET_LENGTH ? redactSecretTokens(text, counter) : text;
  if (!MAY_HOLD_PII.test(out)) return out;
  measure(out);
  if (shape.atOrPercent) out = redactEmails(out, counter);
  if (shape.letterPairThenDigitPair && shape.digits >= 8) out = redactIbans(out, counter);
  if (shape.longestRun >= 14) out = redactPaymentCards(out, counter);
  if (shape.longestRun >= 9) out = redactUsSsns(out, counter);
  if (shape.doubleColon || shape.colons >= 7) out = redactIpv6Addresses(out, counter);
  if (shape.digitDotDigit >= 3) out = redactIpv4Addresses(out, counter);
  // `%2B49…`: the escape's letter glues the digits, so URL-encoded text always qualifies.
  const phoneRun = shape.atOrPercent ? shape.digits : shape.longestRun;
  if (phoneRun >= 9 || (phoneRun >= 8 && shape.plus)) {
    out = redactPhones(out, counter);
  }
  return out;
}

interface Shape {
  digits: number;
  /**
   * Most digits in one run that a card, SSN or phone could start (not glued to a word or
   * an id like `ORD-2026-`), continued across the separators those use.
   */
  longestRun: number;
  plus: boolean;
  colons: number;
  doubleColon: boolean;
  digitDotDigit: number;
  atOrPercent: boolean;
  /** `DE89`: how every IBAN starts. */
  letterPairThenDigitPair: boolean;
}

/**
 * Reused: `measure` runs for most strings with a digit and must not allocate (nothing
 * reads it after a nested call).
 */
const shape: Shape = {
  digits: 0,
  longestRun: 0,
  plus: false,
  colons: 0,
  doubleColon: false,
  digitDotDigit: 0,
  atOrPercent: false,
  letterPairThenDigitPair: false,
};

/** Character classes for `measure`, by char code (ASCII; everything else is `OTHER`). */
const OTHER = 0;
const DIGIT = 1;
const LETTER = 2; // ASCII letters and `_`: glue a following number to the word (`ORD_2026`)
const DASH = 3; // keeps a run and a word's glue (`ORD-2026-004213`)
const BREAK = 4; // space . / ( ) no-break space: a number may start after them (`Tel.030 1234567`)
const PLUS = 5;
const COLON = 6;
const AT_OR_PERCENT = 7;
const CLASSES = new Uint8Array(256);
for (let c = 48; c <= 57; c++) CLASSES[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASSES[c] = LETTER;
for (let c = 97; c <= 122; c++) CLASSES[c] = LETTER;
CLASSES[95] = LETTER;
CLASSES[45] = DASH;
for (const c of [32, 46, 47, 40, 41, 160]) CLASSES[c] = BREAK;
CLASSES[43] = PLUS;
CLASSES[58] = COLON;
CLASSES[64] = AT_OR_PERCENT;
CLASSES[37] = AT_OR_PERCENT;

/**
 * One pass over the characters. Every threshold is the least the matching detector's
 * pattern needs, so a skipped detector could not have matched.
 */
function measure(text: string): Shape {
  let digits = 0;
  let longestRun = 0;
  let colons = 0;
  let digitDotDigit = 0;
  let plus = false;
  let doubleColon = false;
  let atOrPercent = false;
  let letterPairThenDigitPair = false;
  let run = 0;
  let glued = false;
  let letters = 0;
  let digitsAfterLetters = 0;
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 256 ? (CLASSES[c] as number) : OTHER;
    if (kind === DIGIT) {
      digits++;
      if (!glued && ++run > longestRun) longestRun = run;
      if (letters >= 2 && ++digitsAfterLetters === 2) letterPairThenDigitPair = true;
      if (previous === 46 && beforePrevious >= 48 && beforePrevious <= 57) digitDotDigit++;
    } else if (kind === LETTER) {
      if (c !== 95) letters++;
      digitsAfterLetters = 0;
      glued = true;
      run = 0;
    } else {
      letters = 0;
      digitsAfterLetters = 0;
      if (kind === BREAK) glued = false;
      else if (kind === PLUS) plus = true;
      else if (kind !== DASH) {
        glued = false;
        run = 0;
        if (kind === COLON) {
          colons++;
          if (previous === 58) doubleColon = true;
        } else if (kind === AT_OR_PERCENT) atOrPercent = true;
      }
    }
    beforePrevious = previous;
    previous = c;
  }
  shape.digits = digits;
  shape.longestRun = longestRun;
  shape.plus = plus;
  shape.colons = colons;
  shape.doubleColon = doubleColon;
  shape.digitDotDigit = digitDotDigit;
  shape.atOrPercent = atOrPercent;
  shape.letterPairThenDigitPair = letterPairThenDigitPair;
  return shape;
}
