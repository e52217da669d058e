import { createHash, timingSafeEqual } from 'node:crypto';

/** The form field every state-changing console form carries. */
export const CSRF_FIELD = '_csrf';

/**
 * The session's CSRF token: derived from the session id (256 random bits, only in the HttpOnly cookie), so it is
 * per session, needs no storage, and another site can neither read nor compute it. The cookie is SameSite=Strict
 * already: the token is the second lock, and the one that does not depend on the browser.
 */
export const csrfToken = (sessionId: string): string => createHash('sha256').update(`liaison-console-csrf\0${sessionId}`, 'utf8').digest('base64url');

export function csrfMatches(sessionId: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfToken(sessionId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Console pages take forms from a browser session (cookie + CSRF token) as well as a bearer key. */
export const isConsolePath = (path: string): boolean => path === '/console' || path.startsWith('/console/');
