// Temporal failures through platform/redact.ts: apart from it, so that what loads the text redaction alone (a
// compartment, per extraction) does not load @temporalio/common.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { redact, redactDeep } from './redact';

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
