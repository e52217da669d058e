import { ActivityFailure, ApplicationFailure, CancellationScope, CancelledFailure, ChildWorkflowFailure, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import {
  DEFAULT_STAGING_QUARANTINE_TIMEOUT,
  failure,
  Failure,
  runWorkflowId,
  SYSTEM_ACTOR,
  type CancelRequest,
  type DeployStagingRequest,
  type ImporterSubmission,
  type ImportRunInput,
} from '../../contracts';
import type { importRun } from '../import-run';
import { lifecycle } from './proxies';
import type { Lifecycle, PendingStaging, StagingOutcome } from './context';

/**
 * Deploys the approved revision to staging: its configuration becomes the staging row, the staging schedule
 * is created paused, and a first run starts as a child `importRun` (abandoned if this run continues as new or
 * ends: the run outlives it). The main loop settles the run's outcome (see settleStaging).
 */
export async function deployToStaging(lc: Lifecycle, request: DeployStagingRequest): Promise<void> {
  const { state, input } = lc;
  const { revision, importerKey, version, config, checks, fetchPolicy, schedule } = state.submission!;
  const submission: ImporterSubmission = { importerKey, version, config, checks, fetchPolicy, schedule };
  let scheduleId: string;
  try {
    await lifecycle.registerStagingConfig({ importId: input.importId, submission });
    ({ scheduleId } = await lifecycle.ensureStagingSchedule({ importId: input.importId, taskQueue: workflowInfo().taskQueue, paused: true }));
  } catch (err) {
    throw refusal(err);
  }
  await lc.decide('deploy_staging', request.by, 'staging', request.comment ?? null, { data: { revision, importerKey, version, scheduleId } });

  const childId = runWorkflowId(input.importId, 'staging', new Date());
  const scope = new CancellationScope();
  const child = await scope.run(() =>
    startChild<typeof importRun>('importRun', {
      workflowId: childId,
      args: [{ importId: input.importId, environment: 'staging', trigger: 'deploy', quarantineTimeout: input.stagingQuarantineTimeout ?? DEFAULT_STAGING_QUARANTINE_TIMEOUT } satisfies ImportRunInput],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `First staging run of revision ${revision}`,
    }),
  );
  state.staging = { scheduleId, runWorkflowId: childId, runId: null, outcome: 'running', deployedBy: request.by };
  const pending: PendingStaging = { runWorkflowId: childId, scope, outcome: null, done: Promise.resolve() };
  pending.done = child.result().then(
    (result) => {
      pending.outcome = { kind: 'completed', result };
    },
    (err: unknown) => {
      pending.outcome = outcomeOfFailure(err);
    },
  );
  lc.pendingStaging = pending;
}

/**
 * The first staging run has ended: applied → the schedule is unpaused and the client validates; failed or
 * quarantined → back to development, with the run and its failing checks in the decision's comment.
 */
export async function settleStaging(lc: Lifecycle): Promise<void> {
  const pending = lc.pendingStaging;
  const staging = lc.state.staging;
  if (!pending?.outcome) return;
  lc.pendingStaging = null;
  if (!staging || lc.state.stage !== 'staging') return;
  const outcome = pending.outcome;
  const summary = await lifecycle.stagingRunSummary({ workflowId: pending.runWorkflowId });
  const runId = summary.runId ?? (outcome.kind === 'completed' ? outcome.result.runId : null);
  staging.runId = runId;
  const run = `Staging run ${runId ?? pending.runWorkflowId}`;
  const key = `staging_run/${pending.runWorkflowId}`;
  const data = { runId, runWorkflowId: pending.runWorkflowId, status: summary.status, failedChecks: summary.failedChecks, error: summary.error };

  if (outcome.kind === 'completed' && outcome.result.outcome === 'applied') {
    await lifecycle.setStagingSchedulePaused({ importId: lc.input.importId, paused: false, note: `${run} applied: the staging schedule runs` });
    staging.outcome = 'applied';
    const c = outcome.result.counts;
    const counts = `${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.unchanged ?? 0} unchanged, ${c.closed ?? 0} closed`;
    // A maintenance fix skips the client's validation unless someone asked for it: it ships the same day.
    const fix = lc.state.maintenance;
    if (fix && !fix.clientValidation) {
      await lc.decide('staging_run', SYSTEM_ACTOR, 'production_deploy', `${run} applied (${counts}); maintenance fix ${fix.number} needs no client validation: ready for the production deploy`, { data, key });
      return;
    }
    await lc.decide('staging_run', SYSTEM_ACTOR, 'client_validation', `${run} applied (${counts}); awaiting the client's validation`, { data, key });
    return;
  }
  let why: string;
  if (outcome.kind === 'completed') {
    staging.outcome = 'quarantined';
    const failed = outcome.result.failedChecks.length > 0 ? outcome.result.failedChecks : summary.failedChecks;
    why = `was quarantined and discarded; failed checks: ${failed.join(', ') || 'none recorded'}`;
  } else {
    staging.outcome = 'failed';
    const error = summary.error ?? (outcome.kind === 'failed' ? { type: outcome.type, message: outcome.message } : { type: Failure.Cancelled, message: 'the run was cancelled' });
    why = `failed: ${error.type}: ${error.message}`;
  }
  lc.state.review = null;
  await lc.decide('staging_run', SYSTEM_ACTOR, 'in_development', `${run} ${why}. Back to development.`, { data, key });
}

/** Cancels the import: a staging run still going is cancelled first, then the staging set-up is undone. */
export async function cancelImport(lc: Lifecycle, request: CancelRequest): Promise<void> {
  const pending = lc.pendingStaging;
  if (pending) {
    pending.scope.cancel();
    await pending.done;
    lc.pendingStaging = null;
    if (lc.state.staging) lc.state.staging.outcome = 'cancelled';
  }
  const undone = await lifecycle.teardownStaging({ importId: lc.input.importId, by: request.by });
  await lc.decide('cancel', request.by, 'cancelled', request.reason, { data: undone });
  if (lc.state.staging) lc.state.staging.scheduleId = null;
}

function outcomeOfFailure(err: unknown): StagingOutcome {
  const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
  if (cause instanceof CancelledFailure) return { kind: 'cancelled' };
  if (cause instanceof ApplicationFailure) return { kind: 'failed', type: cause.type ?? Failure.Error, message: cause.message };
  return { kind: 'failed', type: Failure.Error, message: cause instanceof Error ? cause.message : String(cause) };
}

/** A deploy refused by its activities (the configuration does not validate…) is a rejected decision. */
function refusal(err: unknown): unknown {
  const cause = err instanceof ActivityFailure ? err.cause : null;
  if (!(cause instanceof ApplicationFailure)) return err;
  if (cause.type === Failure.InvalidConfig) {
    return failure(Failure.InvalidDecision, `The reviewed configuration cannot be deployed: ${cause.message}`);
  }
  return failure(Failure.StagingDeployFailed, `The staging deploy failed: ${cause.type}: ${cause.message}`);
}
