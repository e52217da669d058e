import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { DECISION_UPDATES, historyQuery, stateQuery, type DecisionName, type LifecycleState, type RequestOf } from '../../contracts';
import { blockImport, unblockImport } from './blockers';
import { lifecycle } from './proxies';
import { reassignImport } from './reassign';
import type { Lifecycle } from './context';
import { deployToProduction, revertProduction } from './production';
import { cancelImport, deployToStaging } from './staging';
import { completeHandOff, decideVerification, startMaintenance } from './verification';
import { validateDecision } from './validators';

/**
 * Registers every decision of the transitions table as an update: the validator rejects what does not fit
 * (nothing reaches history), the handler runs alone (see Lifecycle.exclusive), checks again, records the decision
 * with its side effects and returns the state.
 */
export function registerHandlers(lc: Lifecycle): void {
  const { state } = lc;
  const decision = <N extends DecisionName>(name: N, apply: (r: RequestOf<N>) => Promise<void>) => {
    const check = (request: RequestOf<N>) => validateDecision(name, state, request);
    const update: UpdateDefinition<LifecycleState, [RequestOf<N>]> = DECISION_UPDATES[name];
    setHandler(
      update,
      (request: RequestOf<N>) =>
        lc.exclusive(async () => {
          check(request);
          await apply(request);
          return state;
        }),
      { validator: check },
    );
  };

  setHandler(stateQuery, () => state);
  setHandler(historyQuery, () => state.history);

  decision('estimate', async (r) => {
    await lc.decide('estimate', r.estimator, 'estimated', r.comment ?? null, { data: { days: r.days } });
    state.estimateDays = r.days;
  });

  decision('plan', async (r) => {
    await lc.decide('plan', r.by, 'planned', r.comment ?? null, { data: { priority: r.priority, wantedDate: r.wantedDate } });
    const queuePosition = await lifecycle.queuePosition({ importId: lc.input.importId });
    state.plan = { priority: r.priority, wantedDate: r.wantedDate, by: r.by, queuePosition };
  });

  decision('assign', async (r) => {
    const reassigned = state.stage === 'assigned' && state.assignee !== r.assignee;
    await lc.decide('assign', r.by, 'assigned', r.comment ?? null, { data: { assignee: r.assignee } });
    lc.setAssignee(r.assignee);
    // A new assignee gets the stage's full time before being reminded.
    if (reassigned) lc.restartReminders();
  });

  decision('startDevelopment', async (r) => {
    await lc.decide('start_development', r.by, 'in_development', r.comment ?? null);
  });

  decision('submitForReview', async (r) => {
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

  decision('review', async (r) => {
    const approved = r.decision === 'approve';
    const revision = state.submission!.revision;
    await lc.decide('review', r.by, approved ? 'in_review' : 'in_development', r.comments ?? null, { data: { revision, decision: r.decision } });
    state.review = { revision, outcome: approved ? 'approved' : 'changes_requested', by: r.by, comments: r.comments ?? null, at: new Date().toISOString() };
    // Approved, the revision now waits for its deploy: a new wait, with its own reminders.
    if (approved) lc.restartReminders();
  });

  decision('deployStaging', (r) => deployToStaging(lc, r));

  decision('clientDecision', async (r) => {
    const validated = r.decision === 'validate';
    await lc.decide('client_decision', r.by, validated ? 'production_deploy' : 'in_development', r.comments ?? null, { data: { decision: r.decision } });
    // Feedback means changes: they go through review again before the next staging deploy.
    if (!validated) state.review = null;
  });

  decision('deployProduction', (r) => deployToProduction(lc, r));

  decision('revertProduction', (r) => revertProduction(lc, r));

  decision('verificationDecision', (r) => decideVerification(lc, r));

  decision('completeHandOff', (r) => completeHandOff(lc, r));

  decision('startMaintenance', (r) => startMaintenance(lc, r));

  decision('cancel', (r) => cancelImport(lc, r));

  decision('block', (r) => blockImport(lc, r));

  decision('unblock', (r) => unblockImport(lc, r));

  decision('reassign', (r) => reassignImport(lc, r));
}
