import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

// Letters of any script except the ones written without spaces (Han, kana, Hangul): in
// `連絡先はjohn@example.comです` the address must stop at the kana, so CJK letters cannot
// be part of an address here. The price: an all-CJK address (`用户@例子.广告`) is missed.
const SPACELESS = String.raw`[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]`;
const WORD = String.raw`[[\p{L}\p{N}\p{M}]--${SPACELESS}]`;
const LETTER = String.raw`[\p{L}--${SPACELESS}]`;
const LETTER_OR_MARK = String.raw`[[\p{L}\p{M}]--${SPACELESS}]`;
const LOCAL = String.raw`[${WORD}._+'\-]`;

/**
 * An address, also URL-encoded (`john%40example.com`, `john%2Bshop%40example.com`).
 * The match starts at the `@` so the engine skips every other position on its first
 * character; a lookbehind then captures the local part (group 2), which must start a
 * token: not inside a run of address characters, or right after a percent-escape
 * (`%20john`). Group 1 is leading punctuation (`'john@…'`), kept outside the redaction.
 * Domain: dot-separated labels, then a letter TLD or an IDN one (`xn--p1ai`).
 */
const EMAIL = new RegExp(
  String.raw`(?:@|%40)(?<=(?:^|[^${WORD}._+'\-%]|%[0-9A-Fa-f]{2}(?<!%2[Bb]))` +
    String.raw`([._+'\-]*)(${WORD}(?:${LOCAL}|%2[Bb])*)(?:@|%40))` +
    String.raw`(?:[${WORD}\-]+\.)+(?:${LETTER}${LETTER_OR_MARK}+|xn--[a-z0-9\-]+)(?![${WORD}_\-])`,
  'gv',
);

/**
 * Retina image names look like addresses (`logo@2x.png`); no TLD is a file extension.
 * @see https://data.iana.org/TLD/tlds-alpha-by-domain.txt
 */
const FILE_EXTENSION =
  /\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?|heic|css|js|mjs|json|map|html?|pdf|txt|xml|woff2?|ttf|mp[34]|webm)$/i;

/** Redacts email addresses, plain or URL-encoded, keeping punctuation around them. */
export function redactEmails(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, EMAIL, counter, (m) =>
    FILE_EXTENSION.test(m[0]) ? false : [-(m[2] as string).length, m[0].length],
  );
}
