import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import {
  assignUpdate,
  blockUpdate,
  cancelUpdate,
  clientDecisionUpdate,
  completeHandOffUpdate,
  deployProductionUpdate,
  deployStagingUpdate,
  estimateUpdate,
  historyQuery,
  planUpdate,
  reassignUpdate,
  reviewUpdate,
  revertProductionUpdate,
  startDevelopmentUpdate,
  startMaintenanceUpdate,
  stateQuery,
  submitForReviewUpdate,
  unblockUpdate,
  verificationDecisionUpdate,
  type LifecycleState,
} from '../../contracts';
import { blockImport, unblockImport } from './blockers';
import { lifecycle } from './proxies';
import { reassignImport } from './reassign';
import type { Lifecycle } from './context';
import { deployToProduction, revertProduction } from './production';
import { cancelImport, deployToStaging } from './staging';
import { completeHandOff, decideVerification, startMaintenance } from './verification';
import * as validate from './validators';

/**
 * Registers every decision as an update: the validator rejects what does not fit (nothing reaches history),
 * the handler runs alone (see Lifecycle.exclusive), checks again, records the decision and returns the state.
 */
export function registerHandlers(lc: Lifecycle): void {
  const { state } = lc;
  const decision = <Req>(update: UpdateDefinition<LifecycleState, [Req]>, check: (s: LifecycleState, r: Req) => void, apply: (r: Req) => Promise<void>) => {
    setHandler(
      update,
      (request: Req) =>
        lc.exclusive(async () => {
          check(state, request);
          await apply(request);
          return state;
        }),
      { validator: (request: Req) => check(state, request) },
    );
  };

  setHandler(stateQuery, () => state);
  setHandler(historyQuery, () => state.history);

  decision(estimateUpdate, validate.validateEstimate, async (r) => {
    await lc.decide('estimate', r.estimator, 'estimated', r.comment ?? null, { data: { days: r.days } });
    state.estimateDays = r.days;
  });

  decision(planUpdate, validate.validatePlan, async (r) => {
    await lc.decide('plan', r.by, 'planned', r.comment ?? null, { data: { priority: r.priority, wantedDate: r.wantedDate } });
    const queuePosition = await lifecycle.queuePosition({ importId: lc.input.importId });
    state.plan = { priority: r.priority, wantedDate: r.wantedDate, by: r.by, queuePosition };
  });

  decision(assignUpdate, validate.validateAssign, async (r) => {
    const reassigned = state.stage === 'assigned' && state.assignee !== r.assignee;
    await lc.decide('assign', r.by, 'assigned', r.comment ?? null, { data: { assignee: r.assignee } });
    lc.setAssignee(r.assignee);
    // A new assignee gets the stage's full time before being reminded.
    if (reassigned) lc.restartReminders();
  });

  decision(startDevelopmentUpdate, validate.validateStartDevelopment, async (r) => {
    await lc.decide('start_development', r.by, 'in_development', r.comment ?? null);
  });

  decision(submitForReviewUpdate, validate.validateSubmitReview, async (r) => {
    const revision = (state.submission?.revision ?? 0) + 1;
    const submission = {
      importerKey: r.importerKey,
      version: r.version,
      config: r.config,
      checks: r.checks ?? {},
      fetchPolicy: r.fetchPolicy ?? {},
      schedule: r.schedule ?? null,
    };
    await lc.decide('submit_review', r.by, 'in_review', r.comment ?? null, { data: { revision, ...submission } });
    state.submission = { ...submission, revision, by: r.by, at: new Date().toISOString() };
    state.review = null;
  });

  decision(reviewUpdate, validate.validateReview, async (r) => {
    const approved = r.decision === 'approve';
    const revision = state.submission!.revision;
    await lc.decide('review', r.by, approved ? 'in_review' : 'in_development', r.comments ?? null, { data: { revision, decision: r.decision } });
    state.review = { revision, outcome: approved ? 'approved' : 'changes_requested', by: r.by, comments: r.comments ?? null, at: new Date().toISOString() };
    // Approved, the revision now waits for its deploy: a new wait, with its own reminders.
    if (approved) lc.restartReminders();
  });

  decision(deployStagingUpdate, validate.validateDeployStaging, (r) => deployToStaging(lc, r));

  decision(clientDecisionUpdate, validate.validateClientDecision, async (r) => {
    const validated = r.decision === 'validate';
    await lc.decide('client_decision', r.by, validated ? 'production_deploy' : 'in_development', r.comments ?? null, { data: { decision: r.decision } });
    // Feedback means changes: they go through review again before the next staging deploy.
    if (!validated) state.review = null;
  });

  decision(deployProductionUpdate, validate.validateDeployProduction, (r) => deployToProduction(lc, r));

  decision(revertProductionUpdate, validate.validateRevertProduction, (r) => revertProduction(lc, r));

  decision(verificationDecisionUpdate, validate.validateVerificationDecision, (r) => decideVerification(lc, r));

  decision(completeHandOffUpdate, validate.validateCompleteHandOff, (r) => completeHandOff(lc, r));

  decision(startMaintenanceUpdate, validate.validateStartMaintenance, (r) => startMaintenance(lc, r));

  decision(cancelUpdate, validate.validateCancel, (r) => cancelImport(lc, r));

  decision(blockUpdate, validate.validateBlock, (r) => blockImport(lc, r));

  decision(unblockUpdate, validate.validateUnblock, (r) => unblockImport(lc, r));

  decision(reassignUpdate, validate.validateReassign, (r) => reassignImport(lc, r));
}
