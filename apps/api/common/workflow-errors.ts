import { WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ApiError } from './api-error';

/**
 * What a workflow refused, as the API answers it: a workflow that no longer runs or a decision that does not fit
 * its state → 409, any other refusal by a validator or an activity → 422. `workflow` names it for the message,
 * e.g. "The lifecycle workflow of import <id>". Anything else is returned unchanged (a 500 if thrown).
 */
export function workflowErrorToApi(err: unknown, workflow: string): unknown {
  if (err instanceof WorkflowNotFoundError) return new ApiError(409, 'workflow_not_running', `${workflow} is not running`);
  if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowFailedError)) return err;
  // An update's validator fails it directly; a workflow's failure usually wraps an activity's.
  const cause = err.cause instanceof ApplicationFailure ? err.cause : (err.cause?.cause ?? err.cause);
  if (!(cause instanceof ApplicationFailure)) return err;
  if (cause.type === 'WrongStage') return new ApiError(409, 'wrong_stage', cause.message);
  if (cause.type === 'RunState') return new ApiError(409, 'wrong_state', cause.message);
  if (cause.type === 'RoleRefused') return new ApiError(403, 'forbidden', cause.message);
  return new ApiError(422, 'invalid_decision', cause.message);
}
