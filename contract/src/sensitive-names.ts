/**
 * Names that mark a value as secret or personal, shared by the SDK (URL hygiene before an
 * event leaves the browser) and the ingest (scrubbing again on the server).
 */

/**
 * Query/fragment parameter names whose values are removed from URLs (matched whole-name,
 * case-insensitive). Covers OAuth implicit-flow fragments (`#access_token=...`) too.
 */
export const SENSITIVE_PARAM_SOURCE =
  '^(?:e?-?mail|email_?address|token|access_?token|id_?token|refresh_?token|auth|authorization|code|password|passwd|pwd|pass|secret|client_?secret|api_?key|apikey|key|session|session_?id|sid|jwt|phone|tel|ssn|card|card_?number|cc|otp|signature|sig)$';

/**
 * Object keys whose whole value is redacted in `properties` / `traits` (matched anywhere in
 * the key, case-insensitive): `userPassword`, `card_number`, `x-api-key`, `first_name`, ...
 * A bare `name` is deliberately not in the list: it names products far more often than people.
 */
export const SENSITIVE_KEY_SOURCE =
  'pass(?:word|wd|code)?|secret|token|ssn|social_?security|card|cvv|cvc|iban|api_?key|private_?key|authorization|e_?mail|phone|mobile|first_?name|last_?name|full_?name|surname|birth|dob|street|address|passport|tax_?id';
