/**
 * How generated ids look, in JavaScript (send mode, answers) and as the DuckDB expressions the
 * direct-to-lake writer uses on the same numbers. The two must agree; the tests compare them.
 * Hexadecimal with letters in front keeps them clear of the ingest's PII detectors (long digit
 * runs look like phone or card numbers).
 */
const hex = (n: number): string => Math.trunc(n).toString(16);

export const messageIdOf = (seed: number, seq: number): string => `msg-${hex(seed)}-${hex(seq)}`;
export const anonymousIdOf = (seed: number, user: number): string =>
  `anon-${hex(seed)}-${hex(user)}`;
export const userIdOf = (seed: number, user: number): string => `user-${hex(seed)}-${hex(user)}`;
/** The SDK's format: `s-` and the session's start in epoch ms. */
export const sessionIdOf = (session: number): string => `s-${session}`;

/** DuckDB expressions over the staging columns `seq`, `user_ix`, `session` and a `seed`. */
export const ID_SQL = {
  messageId: (seed: number) => `printf('msg-%x-%x', ${seed}::BIGINT, seq)`,
  anonymousId: (seed: number) => `printf('anon-%x-%x', ${seed}::BIGINT, user_ix)`,
  userId: (seed: number) => `printf('user-%x-%x', ${seed}::BIGINT, user_ix)`,
  sessionId: () => `'s-' || CAST(session AS BIGINT)`,
} as const;
