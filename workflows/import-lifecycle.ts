import {
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LifecycleActivities } from '../activities/lifecycle.activities';
import {
  estimateUpdate,
  MAX_ESTIMATE_DAYS,
  SEARCH_ATTRIBUTES,
  stateQuery,
  type Decision,
  type EstimateRequest,
  type LifecycleInput,
  type LifecycleStage,
  type LifecycleState,
} from '../contracts';

const { recordDecision } = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    // A decision must not be lost: keep retrying while Postgres is away, for up to ~an hour.
    maximumAttempts: 60,
    nonRetryableErrorTypes: ['ImportNotFound'],
  },
});

/**
 * The lifecycle of one import, from account management's request onwards. Every human decision is a
 * workflow update: its validator rejects what does not fit the current stage (the API answers 409/422),
 * its handler records the decision in Postgres through an activity and returns the new state.
 */
export async function importLifecycle(input: LifecycleInput): Promise<LifecycleState> {
  const state: LifecycleState = {
    importId: input.importId,
    clientId: input.clientId,
    stage: 'requested',
    estimateDays: null,
    history: [],
  };
  // Decisions are applied one at a time, in arrival order, so a validator never judges a stale stage.
  let busy = true;
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };

  const decide = async (kind: Decision['kind'], actor: string, to: LifecycleStage, comment: string | null, data?: Record<string, unknown>) => {
    const id = `${workflowInfo().workflowId}/${currentUpdateInfo()?.id ?? kind}`;
    const decision: Decision = { id, kind, actor, from: kind === 'requested' ? null : state.stage, to, comment, at: new Date().toISOString() };
    await recordDecision({ importId: input.importId, decision, data: data ?? null });
    state.history.push(decision);
    if (state.stage !== to) {
      state.stage = to;
      upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.Stage, value: to }]);
    }
  };

  setHandler(stateQuery, () => state);
  setHandler(
    estimateUpdate,
    (request: EstimateRequest) =>
      exclusive(async () => {
        await decide('estimate', request.estimator, 'estimated', request.comment ?? null, { days: request.days });
        state.estimateDays = request.days;
        return state;
      }),
    { validator: (request: EstimateRequest) => validateEstimate(state.stage, request) },
  );

  try {
    await decide('requested', input.requestedBy, 'requested', null);
  } finally {
    busy = false;
  }
  // The later stages (planning to hand-off and maintenance) are added by the lifecycle issue; until then
  // the workflow stays open so decisions can keep arriving.
  await condition(() => state.stage === 'cancelled');
  return state;
}

function validateEstimate(stage: LifecycleStage, request: EstimateRequest): void {
  if (stage !== 'requested' && stage !== 'estimated') {
    throw ApplicationFailure.create({ type: 'WrongStage', message: `An estimate is accepted in stage "requested" or "estimated", not "${stage}"`, nonRetryable: true });
  }
  if (typeof request?.estimator !== 'string' || request.estimator.trim() === '') {
    throw ApplicationFailure.create({ type: 'InvalidDecision', message: 'estimator: required (who estimates)', nonRetryable: true });
  }
  if (typeof request.days !== 'number' || !Number.isFinite(request.days) || request.days <= 0 || request.days > MAX_ESTIMATE_DAYS) {
    throw ApplicationFailure.create({ type: 'InvalidDecision', message: `days: must be a number above 0 and at most ${MAX_ESTIMATE_DAYS}`, nonRetryable: true });
  }
}
