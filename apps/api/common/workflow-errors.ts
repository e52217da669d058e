import { WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { httpAnswerOf } from '../../../contracts/failure-types';
import { ApiError } from './api-error';

/**
 * What a workflow refused, as the API answers it: a workflow that no longer runs → 409, a refusal by a validator
 * or an activity → the status its failure type has in contracts/failure-types.ts (a decision that does not fit
 * the stage or the run's state → 409, a role refused → 403, anything else → 422). `workflow` names it for the message,
 * e.g. "The lifecycle workflow of import <id>". Anything else is returned unchanged (a 500 if thrown).
 */
export function workflowErrorToApi(err: unknown, workflow: string): unknown {
  if (err instanceof WorkflowNotFoundError) return new ApiError(409, 'workflow_not_running', `${workflow} is not running`);
  if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowFailedError)) return err;
  // An update's validator fails it directly; a workflow's failure usually wraps an activity's.
  const cause = err.cause instanceof ApplicationFailure ? err.cause : (err.cause?.cause ?? err.cause);
  if (!(cause instanceof ApplicationFailure)) return err;
  const { status, code } = httpAnswerOf(cause.type);
  return new ApiError(status, code, cause.message);
}
