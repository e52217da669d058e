import { msToNumber } from '@temporalio/common/lib/time';
import { condition, patched, workflowInfo } from '@temporalio/workflow';
import { DEFAULT_LEAD, DEFAULT_STAGE_LIMITS, failure, Failure, MEMBER_HANDLE_PATTERN, type LifecycleStage, type LifecycleState, type NotificationKind, type ReminderSettings } from '../../contracts';
import { lifecycle } from './proxies';
import type { Lifecycle } from './context';

/**
 * Reminder timers were added after workflows had been recorded in `requested`/`estimated` without them:
 * those replay with no timer (patched() is false there) and get reminders from their next stage on.
 */
export const REMINDERS_PATCH = 'lifecycle-reminders';

export interface ReminderPlan {
  /** Milliseconds per stage; a stage without one has no reminder. */
  limits: Partial<Record<LifecycleStage, number>>;
  /** Milliseconds from the reminder to the escalation; null = the stage's limit again. */
  escalateAfterMs: number | null;
  lead: string;
}

export interface DueReminder {
  kind: NotificationKind;
  /** Epoch milliseconds. */
  at: number;
  recipient: string;
  message: string;
}

export function reminderPlan(settings: ReminderSettings | undefined): ReminderPlan {
  const limits: Partial<Record<LifecycleStage, number>> = {};
  for (const [stage, limit] of Object.entries({ ...DEFAULT_STAGE_LIMITS, ...settings?.limits })) {
    if (limit !== null && limit !== undefined) limits[stage as LifecycleStage] = toMs(limit, `reminders.limits.${stage}`);
  }
  const escalateAfterMs = settings?.escalateAfter === undefined ? null : toMs(settings.escalateAfter, 'reminders.escalateAfter');
  return { limits, escalateAfterMs, lead: settings?.lead ?? DEFAULT_LEAD };
}

function toMs(duration: string | number, field: string): number {
  let ms: number;
  try {
    ms = msToNumber(duration as Parameters<typeof msToNumber>[0]);
  } catch {
    ms = Number.NaN;
  }
  if (!Number.isFinite(ms) || ms <= 0) {
    throw failure(Failure.InvalidInput, `${field}: not a positive duration (${String(duration)})`);
  }
  return ms;
}

const NEXT_STEP: Partial<Record<LifecycleStage, string>> = {
  requested: 'an estimate by a developer',
  estimated: "the lead's plan (priority and wanted date)",
  planned: 'an assignment to a developer',
  assigned: 'the assignee to start development',
  in_development: 'a submission for review',
  staging: 'the outcome of the first staging run',
  client_validation: "the client's validation or feedback",
  production_deploy: 'the production deploy',
  verification: 'the post-deploy verification',
  handed_off: 'the final install checklist',
};

function nextStep(state: LifecycleState): string {
  // Blocked: what is waited for is the block's end, whatever the stage.
  if (state.blocker) return `${state.blocker.waitingOn} (blocked, ${state.blocker.kind}: ${state.blocker.reason})`;
  if (state.stage === 'verification' && state.verification?.outcome === 'failed') return 'a lead or ops decision on the failed verification (re-verify or revert)';
  if (state.stage === 'in_review') return state.review?.outcome === 'approved' ? 'the staging deploy of the approved revision' : 'a review by another developer';
  return NEXT_STEP[state.stage] ?? 'the next decision';
}

/** Who is reminded: account management while the client side is waited for, else the assignee (or the lead). */
export function ownerOf(state: LifecycleState, requestedBy: string, lead: string): string {
  const planner = state.plan?.by ?? lead;
  // While blocked, whoever is waited on; someone outside the team (the client) through the account manager.
  if (state.blocker) return MEMBER_HANDLE_PATTERN.test(state.blocker.waitingOn) ? state.blocker.waitingOn : requestedBy;
  switch (state.stage) {
    case 'requested':
    case 'client_validation':
    case 'handed_off':
      return requestedBy;
    case 'verification':
      return planner;
    case 'estimated':
    case 'planned':
      return planner;
    default:
      return state.assignee ?? planner;
  }
}

/** The next notification of the current stage entry, if its stage has a limit and it is not sent yet. */
export function nextReminder(state: LifecycleState, plan: ReminderPlan, requestedBy: string): DueReminder | null {
  const limit = plan.limits[state.stage];
  if (limit === undefined) return null;
  const { sent, enteredAt } = state.reminders;
  const since = Date.parse(enteredAt);
  const owner = ownerOf(state, requestedBy, plan.lead);
  const stage = `Import ${state.importId}: stage "${state.stage}"`;
  if (!sent.includes('reminder')) {
    return { kind: 'reminder', at: since + limit, recipient: owner, message: `${stage} has waited longer than its limit of ${formatDuration(limit)}; waiting for ${nextStep(state)}.` };
  }
  if (!sent.includes('escalation')) {
    const total = limit + (plan.escalateAfterMs ?? limit);
    return {
      kind: 'escalation',
      at: since + total,
      recipient: state.plan?.by ?? plan.lead,
      message: `${stage} is still waiting ${formatDuration(total)} after it began (${owner} was reminded after ${formatDuration(limit)}); waiting for ${nextStep(state)}.`,
    };
  }
  return null;
}

/**
 * Waits until `wake()` (a decision moved the stage, or there is something else to do), sending the current
 * stage's reminder or escalation when its durable timer fires first. A stage change cancels the timer.
 */
export async function waitOrRemind(lc: Lifecycle, plan: ReminderPlan, wake: () => boolean): Promise<void> {
  const due = nextReminder(lc.state, plan, lc.input.requestedBy);
  if (!due || !patched(REMINDERS_PATCH)) {
    await condition(wake);
    return;
  }
  const progress = lc.state.reminders;
  // condition(fn, 0) means "no timeout" to older SDKs: never ask for less than 1 ms.
  const woke = await condition(wake, Math.max(1, due.at - Date.now()), { summary: `${due.kind}: ${progress.stage}` });
  if (woke) return;
  await lifecycle.notify({
    key: `${workflowInfo().workflowId}/${progress.entry}/${due.kind}`,
    importId: lc.input.importId,
    stage: progress.stage,
    recipient: due.recipient,
    kind: due.kind,
    message: due.message,
    // Where the activity sends it when the recipient is away (only the activity knows absences).
    lead: lc.state.plan?.by ?? plan.lead,
  });
  if (!progress.sent.includes(due.kind)) progress.sent.push(due.kind);
}

export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`;
  }
  return `${ms} ms`;
}
