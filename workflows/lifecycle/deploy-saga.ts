import { ApplicationFailure, ChildWorkflowFailure, ParentClosePolicy, startChild } from '@temporalio/workflow';
import {
  failure,
  Failure,
  DEFAULT_DEPLOY_QUARANTINE_TIMEOUT,
  deployWorkflowId,
  type DeployProductionRequest,
  type DeploySource,
  type ProductionDeployInput,
  type ProductionState,
  type RevertProductionRequest,
} from '../../contracts';
import type { productionDeploy } from '../production-deploy';
import type { Lifecycle, PendingDeploy } from './context';
import { deploy } from './proxies';

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
