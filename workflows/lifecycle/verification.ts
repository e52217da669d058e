import { workflowInfo } from '@temporalio/workflow';
import {
  DEFAULT_VERIFICATION_TOLERANCE,
  SYSTEM_ACTOR,
  type CompleteHandOffRequest,
  type StartMaintenanceRequest,
  type VerificationDecisionRequest,
} from '../../contracts';
import type { Lifecycle } from './context';
import { revertProduction } from './deploy-saga';
import { lifecycle } from './proxies';

/**
 * The post-deploy checks of a deploy that succeeded (the lifecycle is in `verification`): passed → `handed_off`,
 * or straight back to `live` for a maintenance fix (the import was handed off before); failed → it stays in
 * `verification` with the figures in its state and history, a `verification_failed` alert is written, and a lead
 * or ops decides (verificationDecision: re-verify, or revert).
 */
export async function verifyDeploy(lc: Lifecycle, deployId: string, attempt: number): Promise<void> {
  const { state, input } = lc;
  const tolerance = input.verificationTolerance ?? DEFAULT_VERIFICATION_TOLERANCE;
  // Set before the checks run, in the same workflow task as the stage change: no query sees `verification` without it.
  state.verification = {
    deployId,
    attempt,
    outcome: 'running',
    openProduction: null,
    openStaging: null,
    tolerance,
    firstRun: { runId: null, status: null, failedChecks: [] },
    problems: [],
    alertId: null,
    at: new Date().toISOString(),
  };
  const v = await lifecycle.verifyProduction({ importId: input.importId, deployId, attempt, tolerance, workflowId: workflowInfo().workflowId });
  const figures = `production ${v.openProduction} open jobs, staging ${v.openStaging} (±${Math.round(tolerance * 100)} %); first production run ${v.firstRun.runId ?? 'none'} ${v.firstRun.status ?? 'not recorded'}`;
  const data = { deployId, attempt, openProduction: v.openProduction, openStaging: v.openStaging, tolerance, firstRun: v.firstRun, problems: v.problems, alertId: v.alertId };
  // Its own key, also when a re-verification update runs it: that update's id names the decision to re-verify.
  const key = `verification/${deployId}/${attempt}`;
  if (v.ok) {
    const to = state.handOff ? 'live' : 'handed_off';
    const fix = state.maintenance ? `maintenance fix ${state.maintenance.number}` : 'the new version';
    const next = to === 'live' ? `${fix} is live` : "awaiting account management's final-install checklist";
    await lc.decide('verification_passed', SYSTEM_ACTOR, to, `Post-deploy verification passed: ${figures}; ${next}`, { data, key, ownKey: true });
    if (to === 'live') state.maintenance = null;
  } else {
    await lc.decide('verification_failed', SYSTEM_ACTOR, 'verification', `Post-deploy verification failed: ${v.problems.join('; ')} (${figures}). A lead or ops decides: re-verify or revert.`, {
      data,
      key,
      ownKey: true,
    });
  }
  const { ok: _ok, ...rest } = v;
  state.verification = { deployId, attempt, outcome: v.ok ? 'passed' : 'failed', ...rest, at: new Date().toISOString() };
}

/** A lead or ops after a failed verification: check again, or revert production to its previous version. */
export async function decideVerification(lc: Lifecycle, request: VerificationDecisionRequest): Promise<void> {
  const verification = lc.state.verification!;
  if (request.decision === 'revert') {
    await revertProduction(lc, { by: request.by, reason: request.comment! });
    return;
  }
  await lc.decide('verification_decision', request.by, 'verification', request.comment ?? null, { data: { decision: 'reverify', deployId: verification.deployId } });
  await verifyDeploy(lc, verification.deployId, verification.attempt + 1);
}

/** Account management's final-install checklist, every item done: the import is live. */
export async function completeHandOff(lc: Lifecycle, request: CompleteHandOffRequest): Promise<void> {
  await lc.decide('hand_off', request.by, 'live', request.comment ?? null, { data: { appActivated: true, campaignsStarted: true } });
  lc.state.handOff = { appActivated: true, campaignsStarted: true, by: request.by, at: new Date().toISOString() };
}

/** A fix on a live import: back to development for the current assignee; the rest follows the usual decisions. */
export async function startMaintenance(lc: Lifecycle, request: StartMaintenanceRequest): Promise<void> {
  const { state } = lc;
  const number = (state.maintenances ?? 0) + 1;
  const clientValidation = request.clientValidation ?? false;
  const incidentId = request.incidentId ?? null;
  await lc.decide('start_maintenance', request.by, 'in_development', request.reason, { data: { number, incidentId, clientValidation, assignee: state.assignee } });
  state.maintenances = number;
  state.maintenance = { number, reason: request.reason, incidentId, clientValidation, by: request.by, at: new Date().toISOString() };
  // The fix is a new revision: it needs its own review.
  state.review = null;
}
