import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

/**
 * IBAN length per country, from the SWIFT IBAN registry (release 99, 2025). A candidate
 * must have a listed country, exactly its length and a valid ISO 7064 mod-97 checksum.
 * @see https://www.swift.com/standards/data-standards/iban-international-bank-account-number
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/**
 * `true` when the letters and digits of `text` (single spaces or dashes between them are
 * skipped, any case) form a valid IBAN: a listed country, exactly its length, mod 97 = 1.
 */
export function isIban(text: string): boolean {
  const length = IBAN_LENGTHS[text.slice(0, 2).toUpperCase()];
  if (length === undefined) return false;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const v = charValue(text.charCodeAt(i));
    if (v >= 0) count++;
    else if (v === INVALID) return false;
  }
  // ISO 13616: the first four characters move to the end.
  return count === length && mod97(text, 0, 4, mod97(text, 4, length, 0)) === 1;
}

const SEPARATOR = -1;
const INVALID = -2;

/** 0–9 for digits, 10–35 for letters (any case), else {@link SEPARATOR} or {@link INVALID}. */
function charValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  if (c >= 97 && c <= 122) return c - 87;
  return c === 32 || c === 45 ? SEPARATOR : INVALID;
}

/** Continues `remainder` over the `from`-th to `to`-th IBAN characters of `text`. */
function mod97(text: string, from: number, to: number, remainder: number): number {
  let index = 0;
  let r = remainder;
  for (let i = 0; i < text.length && index < to; i++) {
    const v = charValue(text.charCodeAt(i));
    if (v < 0) continue;
    if (index >= from) r = (r * (v > 9 ? 100 : 10) + v) % 97;
    index++;
  }
  return r;
}

/**
 * Country code, check digits, then 11–30 more letters or digits, compact or grouped by
 * single spaces or dashes (print format `DE89 3704 0044 0532 0130 00`). Greedy: the
 * candidate may run into the next word; the judge cuts it at the country's length.
 */
const CANDIDATE = /(?<![A-Za-z0-9_])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])/g;

/** Redacts IBANs (mod-97 checked), keeping whatever follows them. */
export function redactIbans(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, CANDIDATE, counter, (m) => {
    const candidate = m[0];
    const length = IBAN_LENGTHS[candidate.slice(0, 2).toUpperCase()];
    if (length === undefined) return false;
    let count = 0;
    let end = 0;
    for (; end < candidate.length && count < length; end++) {
      if (charValue(candidate.charCodeAt(end)) >= 0) count++;
    }
    // The IBAN must end at a group boundary, not inside a longer run of characters.
    if (count < length || charValue(candidate.charCodeAt(end)) >= 0) return false;
    if (!isIban(candidate.slice(0, end))) return false;
    return end === candidate.length ? true : [0, end];
  });
}
