import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';
import { Failure, FAILURES, type FailureType } from './failure-types';

export * from './failure-types';

/**
 * The Temporal failure for `type`, non-retryable unless the table says it is transient. From an activity or a
 * workflow alike (ApplicationFailure is the same class in both).
 */
export function failure(type: FailureType, message: string, ...details: unknown[]): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: FAILURES[type].retryable !== true, ...(details.length > 0 ? { details } : {}) });
}

/**
 * A workflow's final failure repeating a step's (its type and message, the step's description as details): the
 * workflow has already recorded it, so nothing retries it.
 */
export function finalFailure(cause: { type: string; message: string }, ...details: unknown[]): ApplicationFailure {
  return ApplicationFailure.create({ type: cause.type, message: cause.message, nonRetryable: true, ...(details.length > 0 ? { details } : {}) });
}

/**
 * The failure of a step that describes its own (an extraction: type, message, whether it is transient), with the
 * description as details; `nextRetryDelay` when the source said when to come back (Retry-After).
 */
export function describedFailure(
  described: { type: string; message: string; retryable: boolean },
  options: { message?: string; nextRetryDelay?: number | undefined } = {},
): ApplicationFailure {
  return ApplicationFailure.create({
    type: described.type,
    message: options.message ?? described.message,
    nonRetryable: !described.retryable,
    details: [described],
    ...(options.nextRetryDelay === undefined ? {} : { nextRetryDelay: options.nextRetryDelay }),
  });
}

/** A failure as runs, deploys and incidents record it. */
export interface FailureSummary {
  type: string;
  message: string;
}

/**
 * The innermost failure behind activity and child-workflow wrappers, as `{ type, message }`: an application
 * failure's own type, else `Error`. The one way workflows describe what a step or a child ended with.
 */
export function summariseFailure(err: unknown): FailureSummary {
  let cause: unknown = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? Failure.Error, message: cause.message };
  return { type: Failure.Error, message: cause instanceof Error ? cause.message : String(cause) };
}
