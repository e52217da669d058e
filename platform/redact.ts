// Text only, without Temporal: a compartment loads this file for every extraction (failures: redact-failures.ts).

/**
 * The one redaction of Liaison's exits: credential patterns (URL userinfo, credential query parameters,
 * Authorization values) and the secret values this process has resolved (`rememberSecrets`), as written, URL-encoded
 * and JSON-escaped. Values shorter than 4 characters are not masked: they would mask ordinary text.
 */
const SECRET_PARAM = /([?&](?:[\w.-]*(?:token|key|secret|password|passwd|pwd|auth|signature|sig|session)[\w.-]*)=)[^&#\s"']+/gi;
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']+@/gi;
const BEARER = /\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}/gi;

/**
 * The secret values remembered, least recently remembered first (a Map keeps insertion order; remembering again
 * moves a value to the end). Bounded: a long-lived worker resolving rotated secrets for years does not grow without
 * end; the oldest values, not resolved again for the longest time, are forgotten first.
 */
const MAX_KNOWN = 1_024;
const known = new Map<string, true>();
/** One alternation of every known value, longest first (a value is masked whole before a shorter one inside it). */
let knownPattern: RegExp | null = null;

export function rememberSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (value.length < 4) continue;
    for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])) {
      known.delete(form);
      known.set(form, true);
    }
  }
  for (const oldest of known.keys()) {
    if (known.size <= MAX_KNOWN) break;
    known.delete(oldest);
  }
  knownPattern = null;
}

/** How many values are remembered (tests of the bound). */
export const rememberedSecretCount = (): number => known.size;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redact(text: string): string {
  let out = text;
  if (known.size > 0) {
    knownPattern ??= new RegExp([...known.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    out = out.replace(knownPattern, '***');
  }
  return out.replace(SECRET_PARAM, '$1***').replace(USERINFO, '$1***@').replace(BEARER, '$1 ***');
}

/** `redact` on every string of a JSON-like value (objects, arrays), keys kept. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T;
  // Plain objects only: a Date, a Buffer or a query builder's object passes as it is.
  if (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
