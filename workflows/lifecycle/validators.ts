import { DECISION_ROLES, failure, Failure, HAND_OFF_ITEMS, stageRefusal, TRANSITIONS, type DecisionName, type LifecycleState, type RequestOf } from '../../contracts';

// Validators run before an update is accepted (a rejection leaves no trace in history) and again when its
// handler takes its turn, in case an earlier decision moved the stage meanwhile. What they check is the
// transitions table (contracts/transitions.ts): the role, the stage and the state, the request's schema; then the
// cross-field rules below, which the table cannot say. `WrongStage` → API 409, `InvalidDecision` → API 422.

const wrongStage = (message: string) => failure(Failure.WrongStage, message);
const invalid = (message: string) => failure(Failure.InvalidDecision, message);
const roleRefused = (message: string) => failure(Failure.RoleRefused, message);

/**
 * The one role check of the lifecycle, first in every validator: the sender's `role` must be one that
 * DECISION_ROLES allows for the update (the API's permission table reads the same rules). A lifecycle started
 * with `access: 'roles'` (every one the API starts) refuses an update without a role; one started before
 * checks the role only when it is sent, so its recorded histories replay unchanged.
 */
export function checkRole(update: string, state: LifecycleState, request: unknown): void {
  const role = typeof request === 'object' && request !== null ? (request as { role?: unknown }).role : undefined;
  if (role === undefined && state.access !== 'roles') return;
  const allowed = DECISION_ROLES[update];
  if (!allowed) throw roleRefused(`${update}: no role may send this decision (it is missing from DECISION_ROLES)`);
  const who = allowed.map((r) => `"${r}"`).join(' or ');
  if (role === undefined || role === null) throw roleRefused(`role: required (the sender's role; ${update} is sent by ${who})`);
  if (typeof role !== 'string' || !(allowed as readonly string[]).includes(role)) throw roleRefused(`role: ${update} is sent by ${who}, not "${String(role)}"`);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** A developer blocks or unblocks only the import assigned to them; a lead or an account manager any. */
const ownImport = (update: 'block' | 'unblock') => (state: LifecycleState, request: RequestOf<'block' | 'unblock'>) => {
  if (request.role === 'developer' && request.by !== state.assignee) throw invalid(`${request.by} is not the assignee (${state.assignee ?? 'none'}): a lead or the account manager ${update}s it`);
};

/** What the table cannot say: rules across fields, the state and who sends. Each runs once the request's shape is valid. */
const CROSS_FIELD: { readonly [N in DecisionName]?: (state: LifecycleState, request: RequestOf<N>) => void } = {
  startDevelopment: (state, r) => {
    if (r.by !== state.assignee) throw invalid(`only the assignee (${state.assignee}) can start development, not ${r.by}`);
  },
  submitForReview: (state, r) => {
    if (r.by !== state.assignee) throw invalid(`only the assignee (${state.assignee}) can submit their work for review, not ${r.by}`);
  },
  review: (state, r) => {
    const submission = state.submission;
    if (submission && r.by === submission.by) throw invalid(`a developer cannot review their own work: ${r.by} is the author of revision ${submission.revision}`);
    if (r.decision === 'request_changes' && !isText(r.comments)) throw invalid('comments: required when requesting changes (what to change)');
  },
  clientDecision: (_state, r) => {
    if (r.decision === 'feedback' && !isText(r.comments)) throw invalid("comments: required with feedback (the client's remarks)");
  },
  verificationDecision: (_state, r) => {
    if (r.decision === 'revert' && !isText(r.comment)) throw invalid('comment: required (why production is reverted)');
  },
  completeHandOff: (_state, r) => {
    const missing = (Object.keys(HAND_OFF_ITEMS) as (keyof typeof HAND_OFF_ITEMS)[]).filter((item) => r[item] !== true);
    if (missing.length > 0) throw invalid(`checklist incomplete: ${missing.map((item) => `${item} (${HAND_OFF_ITEMS[item]})`).join(' and ')} must be true`);
  },
  startMaintenance: (state) => {
    if (!state.assignee) throw invalid('the import has no assignee to develop the fix');
  },
  block: ownImport('block'),
  unblock: ownImport('unblock'),
  reassign: (state, r) => {
    if (r.assignee === state.assignee) throw invalid(`assignee: ${r.assignee} is already the assignee`);
  },
};

/** The validator of one decision: role, stage and state, request, cross-field rules, in that order. */
export function validateDecision<N extends DecisionName>(decision: N, state: LifecycleState, request: RequestOf<N>): void {
  checkRole(decision, state, request);
  const refusal = stageRefusal(decision, state);
  if (refusal) throw wrongStage(refusal);
  // Checked, not transformed: the handler receives the request as sent (the API has trimmed and defaulted it).
  const parsed = TRANSITIONS[decision].request.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : `the request must be an object (${issue.message})`);
  }
  (CROSS_FIELD[decision] as ((state: LifecycleState, request: RequestOf<N>) => void) | undefined)?.(state, request);
}
