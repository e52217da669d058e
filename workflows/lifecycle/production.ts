import { patched } from '@temporalio/workflow';
import { SYSTEM_ACTOR } from '../../contracts';
import type { Lifecycle } from './context';
import { verifyDeploy } from './verification';

// Starting a deploy or a revert saga: deploy-saga.ts (verification's "revert" starts one too); settling it: here.
export { deployToProduction, revertProduction } from './deploy-saga';

/**
 * A deploy that succeeded went straight to `live` before verification existed; histories recorded then replay
 * without this marker and keep doing so.
 */
export const VERIFICATION_PATCH = 'lifecycle-verification';

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
