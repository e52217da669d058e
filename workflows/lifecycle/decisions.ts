import type { RequestOf } from '../../contracts';
import type { Lifecycle } from './context';
import { lifecycle } from './proxies';

/**
 * The decisions whose only side effects are the recorded decision and the state: estimate, plan, assign, start
 * development, submit for review, review and the client's decision. The ones that deploy, revert, verify, cancel,
 * block or reassign have files of their own.
 */

export async function estimate(lc: Lifecycle, r: RequestOf<'estimate'>): Promise<void> {
  await lc.decide('estimate', r.estimator, 'estimated', r.comment ?? null, { data: { days: r.days } });
  lc.state.estimateDays = r.days;
}

export async function plan(lc: Lifecycle, r: RequestOf<'plan'>): Promise<void> {
  await lc.decide('plan', r.by, 'planned', r.comment ?? null, { data: { priority: r.priority, wantedDate: r.wantedDate } });
  const queuePosition = await lifecycle.queuePosition({ importId: lc.input.importId });
  lc.state.plan = { priority: r.priority, wantedDate: r.wantedDate, by: r.by, queuePosition };
}

export async function assign(lc: Lifecycle, r: RequestOf<'assign'>): Promise<void> {
  const { state } = lc;
  const reassigned = state.stage === 'assigned' && state.assignee !== r.assignee;
  await lc.decide('assign', r.by, 'assigned', r.comment ?? null, { data: { assignee: r.assignee } });
  lc.setAssignee(r.assignee);
  // A new assignee gets the stage's full time before being reminded.
  if (reassigned) lc.restartReminders();
}

export async function startDevelopment(lc: Lifecycle, r: RequestOf<'startDevelopment'>): Promise<void> {
  await lc.decide('start_development', r.by, 'in_development', r.comment ?? null);
}

export async function submitForReview(lc: Lifecycle, r: RequestOf<'submitForReview'>): Promise<void> {
  const { state } = lc;
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
}

export async function review(lc: Lifecycle, r: RequestOf<'review'>): Promise<void> {
  const { state } = lc;
  const approved = r.decision === 'approve';
  const revision = state.submission!.revision;
  await lc.decide('review', r.by, approved ? 'in_review' : 'in_development', r.comments ?? null, { data: { revision, decision: r.decision } });
  state.review = { revision, outcome: approved ? 'approved' : 'changes_requested', by: r.by, comments: r.comments ?? null, at: new Date().toISOString() };
  // Approved, the revision now waits for its deploy: a new wait, with its own reminders.
  if (approved) lc.restartReminders();
}

export async function clientDecision(lc: Lifecycle, r: RequestOf<'clientDecision'>): Promise<void> {
  const validated = r.decision === 'validate';
  await lc.decide('client_decision', r.by, validated ? 'production_deploy' : 'in_development', r.comments ?? null, { data: { decision: r.decision } });
  // Feedback means changes: they go through review again before the next staging deploy.
  if (!validated) lc.state.review = null;
}
