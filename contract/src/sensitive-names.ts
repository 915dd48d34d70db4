/**
 * Names that mark a value as secret or personal, shared by the SDK (URL hygiene before an
 * event leaves the browser) and the ingest (scrubbing again on the server). Both sources
 * are compiled with the `i` flag; they use no lookbehind, which older Safari lacks.
 */

/**
 * Query/fragment parameter names whose values are removed from URLs (matched whole-name,
 * case-insensitive). Covers OAuth implicit-flow fragments (`#access_token=...`), OIDC
 * `login_hint` (usually an email), S3/CloudFront presigned URLs and server session ids too.
 * Any name ending in `email`, `address`, `token`, `secret`, `password`, `passwd`, `signature`
 * or `credential` is sensitive (`reset_token`, `new_password`, `billing_address`,
 * `X-Amz-Credential`): one suffix rule is shorter in the SDK bundle (issue 3) than a list of
 * prefixes, and catches the names a list misses. It also takes pagination cursors
 * (`nextPageToken`): opaque values, no loss to analytics. `sensitive-names.test.ts` proves it
 * matches every name the longer list it replaced did.
 */
export const SENSITIVE_PARAM_SOURCE =
  '^(?:[\\w-]*(?:e-?mail|address|token|secret|password|passwd|signature|credential)|mail|pass|pwd|auth|authorization|oauth[_-]?verifier|code|(?:api[_-]?)?key|j?session(?:[_-]?id)?|phpsessid|sid|jwt|(?:phone|card)(?:[_-]?number)?|mobile|msisdn|tel|ssn|cc|otp|sig|ticket|login[_-]?hint|(?:user|first|last|full|sur)[_-]?name|dob|birth[_-]?date)$';

/**
 * Object keys whose whole value is redacted in `properties` / `traits` (matched anywhere in
 * the key, case-insensitive): `userPassword`, `card_number`, `x-api-key`, `first_name`, ...
 * A bare `name` is deliberately not in the list: it names products far more often than people.
 * Lookaheads keep common analytics keys that merely contain a word: `passengers`,
 * `input_tokens` / `tokenCount` (LLM usage), `className` (autocapture), `is_mobile`, `adobe_id`.
 */
export const SENSITIVE_KEY_SOURCE =
  'pass(?!eng|age|ive|ed)(?:word|wd|code|phrase)?|secret|token(?!s|_?count)|ssn(?!ame)|social[_-]?security|card|cvv|cvc|iban|api[_-]?key|private[_-]?key|authorization|e[_-]?mail|phone|^mobile$|mobile[_-]?(?:phone|number|no)|msisdn|(?:first|last|full|user)[_-]?name|surname|birth|dob(?!e)|street|address|passport|tax[_-]?id';
