import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const KEY_PREFIX = 'lia_';
/** Characters of a key kept for display: enough to tell a member's keys apart, useless to guess the rest. */
const DISPLAY_LENGTH = 12;

/** A new API key: 32 random bytes, base64url. Only its hash and display prefix are stored. */
export function newApiKey(): { key: string; hash: string; prefix: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_LENGTH) };
}

/** Hex SHA-256: keys carry 256 random bits, so a fast unsalted hash is as good as a slow one here. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A syntactically plausible key (checked before any database lookup). */
export const looksLikeApiKey = (value: string): boolean => value.startsWith(KEY_PREFIX) && value.length > DISPLAY_LENGTH && value.length <= 200;

/** Browser session ids (the sign-in cookie): recognisable, and never mistaken for an API key. */
export const SESSION_PREFIX = 'lis_';
/** How long a browser session lasts, in ms. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

/** A new session id: 32 random bytes, base64url; only its hash is stored (as for keys). */
export function newSessionId(): { id: string; hash: string } {
  const id = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { id, hash: hashApiKey(id) };
}

export const looksLikeSessionId = (value: string): boolean => value.startsWith(SESSION_PREFIX) && value.length > DISPLAY_LENGTH && value.length <= 200;
