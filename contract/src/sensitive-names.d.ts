/**
 * Names that mark a value as secret or personal, shared by the SDK (URL hygiene before an
 * event leaves the browser) and the ingest (scrubbing again on the server). Both sources
 * are compiled with the `i` flag; they use no lookbehind, which older Safari lacks.
 */
/**
 * Query/fragment parameter names whose values are removed from URLs (matched whole-name,
 * case-insensitive). Covers OAuth implicit-flow fragments (`#access_token=...`), OIDC
 * `login_hint` (usually an email), S3/CloudFront presigned URLs and server session ids too.
 */
export declare const SENSITIVE_PARAM_SOURCE = "^(?:[a-z_-]*e-?mail(?:[_-]?address)?|mail|token|(?:access|id|refresh|auth|oauth|csrf)[_-]?token|auth|authorization|code|password|passwd|pwd|pass|secret|client[_-]?secret|api[_-]?key|apikey|key|session|session[_-]?id|j?sessionid|phpsessid|sid|jwt|phone|phone[_-]?number|mobile|msisdn|tel|ssn|card|card[_-]?number|cc|otp|signature|sig|x-amz-(?:signature|credential|security-token)|oauth[_-]?verifier|ticket|login[_-]?hint|user[_-]?name|(?:first|last|full|sur)[_-]?name|dob|birth[_-]?date|address)$";
/**
 * Object keys whose whole value is redacted in `properties` / `traits` (matched anywhere in
 * the key, case-insensitive): `userPassword`, `card_number`, `x-api-key`, `first_name`, ...
 * A bare `name` is deliberately not in the list: it names products far more often than people.
 * Lookaheads keep common analytics keys that merely contain a word: `passengers`,
 * `input_tokens` / `tokenCount` (LLM usage), `className` (autocapture), `is_mobile`, `adobe_id`.
 */
export declare const SENSITIVE_KEY_SOURCE = "pass(?!eng|age|ive|ed)(?:word|wd|code|phrase)?|secret|token(?!s|_?count)|ssn(?!ame)|social[_-]?security|card|cvv|cvc|iban|api[_-]?key|private[_-]?key|authorization|e[_-]?mail|phone|^mobile$|mobile[_-]?(?:phone|number|no)|msisdn|(?:first|last|full|user)[_-]?name|surname|birth|dob(?!e)|street|address|passport|tax[_-]?id";
