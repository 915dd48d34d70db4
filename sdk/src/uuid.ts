/**
 * A random id: an RFC 4122 version 4 UUID from `crypto.randomUUID`, which exists only in
 * secure contexts (https, localhost). Plain-http pages get time plus ~52 random bits, unique
 * enough for a dedup key and smaller in the bundle than a hand-built UUID.
 *
 * @returns an id such as `1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed`
 * @see https://developer.mozilla.org/docs/Web/API/Crypto/randomUUID
 */
export const uuid = (): string => crypto.randomUUID?.() ?? `${Date.now()}${Math.random()}`;
