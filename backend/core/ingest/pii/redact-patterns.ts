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
  const shape = measure(out);
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
 * One pass over the characters. Every threshold is the least the matching detector's
 * pattern needs, so a skipped detector could not have matched.
 */
function measure(text: string): Shape {
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
  let run = 0;
  let glued = false;
  let letters = 0;
  let digitsAfterLetters = 0;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      shape.digits++;
      if (!glued && ++run > shape.longestRun) shape.longestRun = run;
      if (letters >= 2 && ++digitsAfterLetters === 2) shape.letterPairThenDigitPair = true;
      if (previous === 46 && i >= 2 && isDigit(text.charCodeAt(i - 2))) shape.digitDotDigit++;
    } else {
      digitsAfterLetters = 0;
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
        letters++;
        glued = true;
        run = 0;
        previous = c;
        continue;
      }
      letters = 0;
      switch (c) {
        // Keeps a run and a word's glue (`ORD-2026-004213`)
        case 45: // -
          break;
        case 43: // +
          shape.plus = true;
          break;
        // Separators after which a number may start (`Tel.030 1234567`)
        case 46: // .
        case 32: // space
        case 40: // (
        case 41: // )
        case 47: // /
        case 160: // no-break space
          glued = false;
          break;
        case 58: // :
          shape.colons++;
          if (previous === 58) shape.doubleColon = true;
          glued = false;
          run = 0;
          break;
        case 64: // @
        case 37: // %
          shape.atOrPercent = true;
          glued = false;
          run = 0;
          break;
        default:
          glued = false;
          run = 0;
      }
    }
    previous = c;
  }
  return shape;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
