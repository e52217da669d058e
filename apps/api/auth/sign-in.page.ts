import { escapeHtml } from '../common/html';

/** The sign-in form; `next`: the page to go back to once signed in (a path of this API only). */
export function signInPage(next: string | undefined): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Liaison — sign in</title></head><body>
<form method="post" action="/auth/login"><h1>Liaison</h1>
<label>API key <input name="key" type="password" autocomplete="off" required></label>
<input type="hidden" name="next" value="${escapeHtml(safeNext(next))}">
<button type="submit">Sign in</button></form></body></html>`;
}

/** Only paths of this API: `next` must never send the browser elsewhere. */
export const safeNext = (next: string | undefined): string => (next && /^\/[A-Za-z0-9/_\-.?=&%]*$/.test(next) && !next.startsWith('//') ? next : '/dashboard');

/** The sign-in page loads nothing and runs nothing: its form posts to this API only. */
export const SIGN_IN_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
