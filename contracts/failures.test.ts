import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, RetryState } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { Failure, FAILURES, failure, httpAnswerOf, NON_RETRYABLE_TYPES, summariseFailure } from './failures';

describe('failure vocabulary', () => {
  it('names each type after itself', () => {
    for (const type of Object.keys(FAILURES)) expect(Failure[type as keyof typeof Failure]).toBe(type);
  });

  it('lists as non-retryable exactly the permanent types: never a "varies" one (an HTTP 503 must be retried)', () => {
    expect(NON_RETRYABLE_TYPES).toContain('RunState');
    expect(NON_RETRYABLE_TYPES).not.toContain('HttpStatus');
    expect(NON_RETRYABLE_TYPES).not.toContain('Error');
    expect(NON_RETRYABLE_TYPES).not.toContain('ActivityTimeout');
  });

  it('builds failures retryable as the table says', () => {
    expect(failure(Failure.RunNotFound, 'Run x does not exist')).toMatchObject({ type: 'RunNotFound', message: 'Run x does not exist', nonRetryable: true });
    expect(failure(Failure.InvalidConfig, 'bad', { path: 'url' })).toMatchObject({ nonRetryable: true, details: [{ path: 'url' }] });
    expect(failure(Failure.ImporterCancelled, 'stopped').nonRetryable).toBe(false);
  });

  it('answers the API statuses the error mapping always gave', () => {
    expect(httpAnswerOf('WrongStage')).toEqual({ status: 409, code: 'wrong_stage' });
    expect(httpAnswerOf('RunState')).toEqual({ status: 409, code: 'wrong_state' });
    expect(httpAnswerOf('RoleRefused')).toEqual({ status: 403, code: 'forbidden' });
    expect(httpAnswerOf('InvalidDecision')).toEqual({ status: 422, code: 'invalid_decision' });
    expect(httpAnswerOf('SomethingNew')).toEqual({ status: 422, code: 'invalid_decision' });
    expect(httpAnswerOf(undefined)).toEqual({ status: 422, code: 'invalid_decision' });
  });

  it('summarises the innermost failure behind activity and child-workflow wrappers', () => {
    const app = ApplicationFailure.create({ type: 'LayoutChanged', message: 'no a.offre' });
    const activity = new ActivityFailure('activity failed', 'extractRun', '1', RetryState.NON_RETRYABLE_FAILURE, 'worker', app);
    const child = new ChildWorkflowFailure('default', { workflowId: 'w', runId: 'r' }, 'importRun', RetryState.NON_RETRYABLE_FAILURE, activity);
    expect(summariseFailure(child)).toEqual({ type: 'LayoutChanged', message: 'no a.offre' });
    expect(summariseFailure(ApplicationFailure.create({ message: 'untyped' }))).toEqual({ type: 'Error', message: 'untyped' });
    expect(summariseFailure(new Error('boom'))).toEqual({ type: 'Error', message: 'boom' });
    expect(summariseFailure('text')).toEqual({ type: 'Error', message: 'text' });
  });
});
