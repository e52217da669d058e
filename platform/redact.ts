import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/**
 * The one redaction of Liaison's exits: credential patterns (URL userinfo, credential query parameters,
 * Authorization values) and the secret values this process has resolved (`rememberSecrets`), as written, URL-encoded
 * and JSON-escaped. Values shorter than 4 characters are not masked: they would mask ordinary text.
 */
const SECRET_PARAM = /([?&](?:[\w.-]*(?:token|key|secret|password|passwd|pwd|auth|signature|sig|session)[\w.-]*)=)[^&#\s"']+/gi;
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']+@/gi;
const BEARER = /\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}/gi;

const known = new Set<string>();

export function rememberSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (value.length < 4) continue;
    known.add(value);
    known.add(encodeURIComponent(value));
    known.add(JSON.stringify(value).slice(1, -1));
  }
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a value is masked whole before a shorter one inside it.
  for (const value of [...known].sort((a, b) => b.length - a.length)) if (out.includes(value)) out = out.split(value).join('***');
  return out.replace(SECRET_PARAM, '$1***').replace(USERINFO, '$1***@').replace(BEARER, '$1 ***');
}

/** `redact` on every string of a JSON-like value (objects, arrays), keys kept. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}

/**
 * Activity failures pass through `redact` before Temporal records them (workflow history, Temporal UI): message,
 * details and stack, whatever activity threw. Registered on every worker (apps/worker/worker.ts).
 */
export const redactActivityFailures: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        throw redactError(err);
      }
    },
  },
});

export function redactError(err: unknown): unknown {
  if (err instanceof ApplicationFailure) {
    const masked = ApplicationFailure.create({
      type: err.type ?? undefined,
      message: redact(err.message),
      nonRetryable: err.nonRetryable === true,
      details: err.details ? redactDeep([...err.details]) : undefined,
      ...(err.nextRetryDelay !== undefined && err.nextRetryDelay !== null ? { nextRetryDelay: err.nextRetryDelay } : {}),
      ...(err.cause ? { cause: redactError(err.cause) as Error } : {}),
    });
    if (err.stack) masked.stack = redact(err.stack);
    return masked;
  }
  if (err instanceof Error) {
    err.message = redact(err.message);
    if (err.stack) err.stack = redact(err.stack);
    return err;
  }
  return err;
}
