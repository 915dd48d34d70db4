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

/**
 * Runs every PII pattern detector over `text`, each only when one cheap pass over the
 * characters shows it could match (most event strings are short names, codes and ids, and
 * skip all of them). Order matters: secrets before emails (a JWT is not an address),
 * IBANs and cards before phones (a grouped card is not a phone), IPv6 before IPv4
 * (`::ffff:203.0.113.7` is one address). Each detector only sees the previous one's
 * output, and `[REDACTED]` matches none of them.
 */
export function redactPatterns(text: string, counter: ScrubCounter): string {
  if (text.length < MIN_LENGTH) return text;
  let digits = 0;
  let colons = 0;
  let dots = 0;
  let atOrPercent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 58) colons++;
    else if (c === 46) dots++;
    else if (c === 64 || c === 37) atOrPercent = true;
  }
  let out = text;
  if (text.length >= MIN_SECRET_LENGTH) out = redactSecretTokens(out, counter);
  if (atOrPercent) out = redactEmails(out, counter);
  // Thresholds: the fewest digits each shape can have (IBAN NO: 13, card: 14, SSN: 9,
  // phone: 8 with country code, IPv4: 4).
  if (digits >= 8) {
    out = redactIbans(out, counter);
    if (digits >= 14) out = redactPaymentCards(out, counter);
    if (digits >= 9) out = redactUsSsns(out, counter);
  }
  if (colons >= 2) out = redactIpv6Addresses(out, counter);
  if (dots >= 3 && digits >= 4) out = redactIpv4Addresses(out, counter);
  if (digits >= 8) out = redactPhones(out, counter);
  return out;
}
