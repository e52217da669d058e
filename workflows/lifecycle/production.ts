import { ApplicationFailure, ChildWorkflowFailure, ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import {
  failure,
  Failure,
  DEFAULT_DEPLOY_QUARANTINE_TIMEOUT,
  deployWorkflowId,
  SYSTEM_ACTOR,
  type DeployProductionRequest,
  type DeploySource,
  type ProductionDeployInput,
  type ProductionDeployResult,
  type ProductionState,
  type RevertProductionRequest,
} from '../../contracts';
import type { productionDeploy } from '../production-deploy';
import type { Lifecycle } from './context';
import { deploy } from './proxies';
import { verifyDeploy } from './verification';

/**
 * A deploy that succeeded went straight to `live` before verification existed; histories recorded then replay
 * without this marker and keep doing so.
 */
export const VERIFICATION_PATCH = 'lifecycle-verification';

/** The saga a decision started, awaited here and settled by the main loop (as the first staging run). */
export interface PendingDeploy {
  deployId: string;
  kind: 'deploy' | 'revert';
  outcome: ProductionDeployResult | null;
}

const emptyProduction = (): ProductionState => ({ deploys: 0, deployId: null, kind: null, outcome: null, version: null, failedStep: null, error: null, by: null });

/** `deployProduction`: the reviewed staging configuration and version go to production through the saga. */
export async function deployToProduction(lc: Lifecycle, request: DeployProductionRequest): Promise<void> {
  const submission = lc.state.submission;
  const source: DeploySource = { kind: 'staging', codeVersion: submission?.version ?? 'unknown', reviewedBy: lc.state.review?.by ?? null };
  await startSaga(lc, 'deploy', request.by, source, request.comment ?? null);
}

/** `revertProduction`: the version live before the current one is restored through the same saga. */
export async function revertProduction(lc: Lifecycle, request: RevertProductionRequest): Promise<void> {
  const versions = await deploy.previousVersion({ importId: lc.input.importId });
  if (!versions) {
    throw failure(Failure.InvalidDecision, 'There is no earlier production version to revert to');
  }
  await startSaga(lc, 'revert', request.by, { kind: 'version', number: versions.previous }, request.reason, { from: versions.live });
}

async function startSaga(lc: Lifecycle, kind: 'deploy' | 'revert', by: string, source: DeploySource, comment: string | null, extra: Record<string, unknown> = {}): Promise<void> {
  const { state, input } = lc;
  const production = (state.production ??= emptyProduction());
  const deployId = deployWorkflowId(input.importId, production.deploys + 1);
  const args: ProductionDeployInput = { importId: input.importId, deployId, by, source, quarantineTimeout: input.deployQuarantineTimeout ?? DEFAULT_DEPLOY_QUARANTINE_TIMEOUT };
  await lc.decide(kind === 'deploy' ? 'deploy_production' : 'revert_production', by, state.stage, comment, { data: { deployId, source, ...extra } });
  const child = await startChild<typeof productionDeploy>('productionDeploy', {
    workflowId: deployId,
    args: [args],
    // A saga half-way must finish its steps or its compensations, whatever happens to this run.
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: kind === 'deploy' ? `Production deploy by ${by}` : `Production revert to version ${source.kind === 'version' ? source.number : '?'} by ${by}`,
  });
  Object.assign(production, { deploys: production.deploys + 1, deployId, kind, outcome: 'running', failedStep: null, error: null, by });
  const pending: PendingDeploy = { deployId, kind, outcome: null };
  lc.pendingDeploy = pending;
  void child.result().then(
    (result) => {
      pending.outcome = result;
    },
    (err: unknown) => {
      const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
      const error = cause instanceof ApplicationFailure ? { type: cause.type ?? Failure.Error, message: cause.message } : { type: Failure.Error, message: cause instanceof Error ? cause.message : String(cause) };
      pending.outcome = { ok: false, failedStep: 'snapshot', error: { type: `DeployWorkflowFailed: ${error.type}`, message: error.message } };
    },
  );
}

/**
 * The saga has ended: a deploy that succeeded → `verification` (then its post-deploy checks, see verifyDeploy);
 * a revert that succeeded → `live`; failed → the failure is recorded and the stage stays.
 */
export async function settleProduction(lc: Lifecycle): Promise<void> {
  const pending = lc.pendingDeploy;
  const production = lc.state.production;
  if (!pending?.outcome || !production) return;
  lc.pendingDeploy = null;
  const outcome = pending.outcome;
  const key = `production/${pending.deployId}`;
  const revert = pending.kind === 'revert';
  if (outcome.ok && !revert && patched(VERIFICATION_PATCH)) {
    await lc.decide('production_deployed', SYSTEM_ACTOR, 'verification', `Version ${outcome.version} deployed to production; its schedule runs. Post-deploy verification follows.`, {
      key,
      data: { deployId: pending.deployId, version: outcome.version, runId: outcome.runId },
    });
    Object.assign(production, { outcome: 'succeeded', version: outcome.version });
    await verifyDeploy(lc, pending.deployId, 1);
    return;
  }
  if (outcome.ok) {
    const comment = revert ? `Production reverted to a copy of the previous version (now version ${outcome.version})` : `Version ${outcome.version} deployed to production; its schedule runs`;
    await lc.decide(revert ? 'production_reverted' : 'production_deployed', SYSTEM_ACTOR, 'live', comment, { key, data: { deployId: pending.deployId, version: outcome.version, runId: outcome.runId } });
    // After the decision: whoever sees the outcome sees the stage it led to.
    Object.assign(production, { outcome: 'succeeded', version: outcome.version });
    // A revert after a failed verification ends the fix that failed it.
    if (revert && lc.state.verification?.outcome === 'failed') {
      lc.state.verification.outcome = 'reverted';
      lc.state.maintenance = null;
    }
    return;
  }
  const comment = `${revert ? 'Revert' : 'Production deploy'} ${pending.deployId} failed at step "${outcome.failedStep}": ${outcome.error.type}: ${outcome.error.message}. Production was restored as it was.`;
  await lc.decide(revert ? 'production_revert_failed' : 'production_deploy_failed', SYSTEM_ACTOR, lc.state.stage, comment, {
    key,
    data: { deployId: pending.deployId, failedStep: outcome.failedStep, error: outcome.error },
  });
  Object.assign(production, { outcome: 'failed', failedStep: outcome.failedStep, error: outcome.error });
}
