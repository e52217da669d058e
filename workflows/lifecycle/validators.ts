import { ApplicationFailure } from '@temporalio/workflow';
import {
  BLOCKER_KINDS,
  DECISION_ROLES,
  LIFECYCLE_STAGES,
  type BlockRequest,
  type UnblockRequest,
  type ReassignRequest,
  HAND_OFF_ITEMS,
  MAX_ESTIMATE_DAYS,
  type AssignRequest,
  type CancelRequest,
  type ClientDecisionRequest,
  type CompleteHandOffRequest,
  type DeployProductionRequest,
  type DeployStagingRequest,
  type EstimateRequest,
  type LifecycleStage,
  type LifecycleState,
  type PlanRequest,
  type ReviewRequest,
  type RevertProductionRequest,
  type StartDevelopmentRequest,
  type StartMaintenanceRequest,
  type SubmitReviewRequest,
  type VerificationDecisionRequest,
} from '../../contracts';

// Validators run before an update is accepted (a rejection leaves no trace in history) and again when its
// handler takes its turn, in case an earlier decision moved the stage meanwhile. `WrongStage` → API 409,
// `InvalidDecision` → API 422.

const wrongStage = (message: string) => ApplicationFailure.create({ type: 'WrongStage', message, nonRetryable: true });
const invalid = (message: string) => ApplicationFailure.create({ type: 'InvalidDecision', message, nonRetryable: true });

const quoted = (stages: readonly LifecycleStage[]) => {
  const names = stages.map((s) => `"${s}"`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
};

function expectStage(what: string, stage: LifecycleStage, allowed: readonly LifecycleStage[]): void {
  if (!allowed.includes(stage)) throw wrongStage(`${what} is accepted in stage ${quoted(allowed)}, not "${stage}"`);
}

const roleRefused = (message: string) => ApplicationFailure.create({ type: 'RoleRefused', message, nonRetryable: true });

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
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function requireText(value: unknown, field: string, meaning: string): void {
  if (!isText(value)) throw invalid(`${field}: required (${meaning})`);
}

function optionalText(value: unknown, field: string): void {
  if (value !== undefined && value !== null && typeof value !== 'string') throw invalid(`${field}: must be text`);
}

export function validateEstimate(state: LifecycleState, request: EstimateRequest): void {
  checkRole('estimate', state, request);
  expectStage('An estimate', state.stage, ['requested', 'estimated']);
  requireText(request?.estimator, 'estimator', 'who estimates');
  if (typeof request.days !== 'number' || !Number.isFinite(request.days) || request.days <= 0 || request.days > MAX_ESTIMATE_DAYS) {
    throw invalid(`days: must be a number above 0 and at most ${MAX_ESTIMATE_DAYS}`);
  }
  optionalText(request.comment, 'comment');
}

export function validatePlan(state: LifecycleState, request: PlanRequest): void {
  checkRole('plan', state, request);
  expectStage('A plan', state.stage, ['estimated', 'planned']);
  requireText(request?.by, 'by', 'the lead who plans');
  if (typeof request.priority !== 'number' || !Number.isInteger(request.priority) || request.priority < 1 || request.priority > 5) {
    throw invalid('priority: must be an integer from 1 (highest) to 5');
  }
  if (typeof request.wantedDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(request.wantedDate) || new Date(`${request.wantedDate}T00:00:00Z`).toISOString().slice(0, 10) !== request.wantedDate) {
    throw invalid('wantedDate: must be a date as YYYY-MM-DD');
  }
  optionalText(request.comment, 'comment');
}

export function validateAssign(state: LifecycleState, request: AssignRequest): void {
  checkRole('assign', state, request);
  expectStage('An assignment', state.stage, ['planned', 'assigned']);
  requireText(request?.assignee, 'assignee', 'the developer who builds the import');
  requireText(request.by, 'by', 'who assigns');
  optionalText(request.comment, 'comment');
}

export function validateStartDevelopment(state: LifecycleState, request: StartDevelopmentRequest): void {
  checkRole('startDevelopment', state, request);
  expectStage('Starting development', state.stage, ['assigned']);
  requireText(request?.by, 'by', 'the assignee');
  if (request.by !== state.assignee) throw invalid(`only the assignee (${state.assignee}) can start development, not ${request.by}`);
  optionalText(request.comment, 'comment');
}

export function validateSubmitReview(state: LifecycleState, request: SubmitReviewRequest): void {
  checkRole('submitForReview', state, request);
  expectStage('A submission for review', state.stage, ['in_development']);
  requireText(request?.by, 'by', 'the assignee, author of the work');
  if (request.by !== state.assignee) throw invalid(`only the assignee (${state.assignee}) can submit their work for review, not ${request.by}`);
  requireText(request.importerKey, 'importerKey', 'the importer to deploy');
  requireText(request.version, 'version', 'the importer version reviewed, e.g. a commit');
  if (!isRecord(request.config)) throw invalid('config: required (the importer configuration, an object)');
  if (request.checks !== undefined && !isRecord(request.checks)) throw invalid('checks: must be an object');
  if (request.fetchPolicy !== undefined && !isRecord(request.fetchPolicy)) throw invalid('fetchPolicy: must be an object');
  optionalText(request.schedule, 'schedule');
  optionalText(request.comment, 'comment');
}

export function validateReview(state: LifecycleState, request: ReviewRequest): void {
  checkRole('review', state, request);
  expectStage('A review', state.stage, ['in_review']);
  const submission = state.submission;
  if (state.review?.outcome === 'approved' && state.review.revision === submission?.revision) {
    throw wrongStage(`Revision ${submission.revision} is already approved by ${state.review.by}: deploy it to staging`);
  }
  requireText(request?.by, 'by', 'the reviewer');
  if (request.decision !== 'approve' && request.decision !== 'request_changes') throw invalid('decision: must be "approve" or "request_changes"');
  if (submission && request.by === submission.by) {
    throw invalid(`a developer cannot review their own work: ${request.by} is the author of revision ${submission.revision}`);
  }
  if (request.decision === 'request_changes' && !isText(request.comments)) throw invalid('comments: required when requesting changes (what to change)');
  optionalText(request.comments, 'comments');
}

export function validateDeployStaging(state: LifecycleState, request: DeployStagingRequest): void {
  checkRole('deployStaging', state, request);
  expectStage('A staging deploy', state.stage, ['in_review']);
  const revision = state.submission?.revision;
  if (state.review?.outcome !== 'approved' || state.review.revision !== revision) {
    throw wrongStage(`A staging deploy needs an approved review: revision ${revision} is awaiting review`);
  }
  requireText(request?.by, 'by', 'the developer who deploys');
  optionalText(request.comment, 'comment');
}

export function validateClientDecision(state: LifecycleState, request: ClientDecisionRequest): void {
  checkRole('clientDecision', state, request);
  expectStage("The client's decision", state.stage, ['client_validation']);
  requireText(request?.by, 'by', 'account management, relaying the client');
  if (request.decision !== 'validate' && request.decision !== 'feedback') throw invalid('decision: must be "validate" or "feedback"');
  if (request.decision === 'feedback' && !isText(request.comments)) throw invalid("comments: required with feedback (the client's remarks)");
  optionalText(request.comments, 'comments');
}

export function validateCancel(state: LifecycleState, request: CancelRequest): void {
  checkRole('cancel', state, request);
  if (state.stage === 'cancelled') throw wrongStage('The import is already cancelled');
  if (state.stage === 'live') throw wrongStage('A cancel is accepted in any stage before "live", not "live": a live import is retired, not cancelled');
  if (state.stage === 'verification' || state.stage === 'handed_off' || state.maintenance) {
    throw wrongStage(`A cancel is accepted in any stage before production, not "${state.stage}"${state.maintenance ? ` during maintenance fix ${state.maintenance.number}` : ''}: the import is in production, it is retired, not cancelled`);
  }
  if (state.production?.outcome === 'running') throw wrongStage(`A production deploy is running (${state.production.deployId}): cancel once it has ended`);
  requireText(request?.by, 'by', 'who cancels');
  requireText(request.reason, 'reason', 'why the import is cancelled');
}

export function validateDeployProduction(state: LifecycleState, request: DeployProductionRequest): void {
  checkRole('deployProduction', state, request);
  expectStage('A production deploy', state.stage, ['production_deploy']);
  if (state.production?.outcome === 'running') throw wrongStage(`A production deploy is already running (${state.production.deployId})`);
  requireText(request?.by, 'by', 'the lead or ops who deploys');
  optionalText(request.comment, 'comment');
}

export function validateRevertProduction(state: LifecycleState, request: RevertProductionRequest): void {
  checkRole('revertProduction', state, request);
  expectStage('A production revert', state.stage, ['live']);
  if (state.production?.outcome === 'running') throw wrongStage(`A production deploy is running (${state.production.deployId})`);
  requireText(request?.by, 'by', 'the lead or ops who reverts');
  requireText(request.reason, 'reason', 'why production is reverted');
}

export function validateVerificationDecision(state: LifecycleState, request: VerificationDecisionRequest): void {
  checkRole('verificationDecision', state, request);
  expectStage('A verification decision', state.stage, ['verification']);
  if (state.production?.outcome === 'running') throw wrongStage(`A production revert is running (${state.production.deployId})`);
  if (state.verification?.outcome !== 'failed') throw wrongStage(`The post-deploy verification is ${state.verification?.outcome ?? 'not started'}, not failed: there is nothing to decide`);
  requireText(request?.by, 'by', 'the lead or ops who decides');
  if (request.decision !== 'reverify' && request.decision !== 'revert') throw invalid('decision: must be "reverify" or "revert"');
  if (request.decision === 'revert') requireText(request.comment, 'comment', 'why production is reverted');
  optionalText(request.comment, 'comment');
}

export function validateCompleteHandOff(state: LifecycleState, request: CompleteHandOffRequest): void {
  checkRole('completeHandOff', state, request);
  expectStage('The final-install checklist', state.stage, ['handed_off']);
  requireText(request?.by, 'by', 'account management');
  const missing = (Object.keys(HAND_OFF_ITEMS) as (keyof typeof HAND_OFF_ITEMS)[]).filter((item) => request[item] !== true);
  if (missing.length > 0) throw invalid(`checklist incomplete: ${missing.map((item) => `${item} (${HAND_OFF_ITEMS[item]})`).join(' and ')} must be true`);
  optionalText(request.comment, 'comment');
}

export function validateStartMaintenance(state: LifecycleState, request: StartMaintenanceRequest): void {
  checkRole('startMaintenance', state, request);
  expectStage('A maintenance fix', state.stage, ['live']);
  if (state.production?.outcome === 'running') throw wrongStage(`A production deploy is running (${state.production.deployId}): start the fix once it has ended`);
  requireText(request?.by, 'by', 'who asks for the fix');
  requireText(request.reason, 'reason', 'the incident or the client request the fix answers');
  optionalText(request.incidentId, 'incidentId');
  if (request.clientValidation !== undefined && typeof request.clientValidation !== 'boolean') throw invalid('clientValidation: must be true or false');
  if (!state.assignee) throw invalid('the import has no assignee to develop the fix');
}

/** Stages an import can be blocked in: before live (a maintenance fix is back before live too). */
const BLOCKABLE: readonly LifecycleStage[] = LIFECYCLE_STAGES.filter((s) => s !== 'live' && s !== 'cancelled');

/** A developer blocks or unblocks only the import assigned to them; a lead or an account manager any. */
function expectBlocker(update: 'block' | 'unblock', state: LifecycleState, request: BlockRequest | UnblockRequest): void {
  requireText(request?.by, 'by', `who ${update}s the import`);
  if (request.role === 'developer' && request.by !== state.assignee) throw invalid(`${request.by} is not the assignee (${state.assignee ?? 'none'}): a lead or the account manager ${update}s it`);
}

export function validateBlock(state: LifecycleState, request: BlockRequest): void {
  checkRole('block', state, request);
  expectStage('A block', state.stage, BLOCKABLE);
  if (state.blocker) throw wrongStage(`The import is already blocked (${state.blocker.kind}, since ${state.blocker.at}, waiting on ${state.blocker.waitingOn}): unblock it first`);
  expectBlocker('block', state, request);
  if (!(BLOCKER_KINDS as readonly string[]).includes(request.kind)) throw invalid(`kind: one of ${BLOCKER_KINDS.join(', ')}`);
  requireText(request.reason, 'reason', 'what the import is blocked on');
  requireText(request.waitingOn, 'waitingOn', 'who is waited on');
}

export function validateUnblock(state: LifecycleState, request: UnblockRequest): void {
  checkRole('unblock', state, request);
  if (!state.blocker) throw wrongStage('The import is not blocked');
  expectBlocker('unblock', state, request);
  requireText(request.resolution, 'resolution', 'what resolved the block');
}

/**
 * A hand-over: any stage where the import has an assignee and work left (a live import only during a fix).
 * Before development starts, `assign` does it (planned/assigned); this is for what follows.
 */
export function validateReassign(state: LifecycleState, request: ReassignRequest): void {
  checkRole('reassign', state, request);
  if (state.stage === 'cancelled') throw wrongStage('The import is cancelled: nothing to hand over');
  if (state.stage === 'live' && !state.maintenance) throw wrongStage('A reassignment is accepted before live or during a maintenance fix, not on a live import at rest');
  if (!state.assignee) throw wrongStage(`The import has no assignee yet (stage "${state.stage}"): assign it`);
  requireText(request?.by, 'by', 'the lead who reassigns');
  requireText(request.assignee, 'assignee', 'the developer who takes the import over');
  requireText(request.reason, 'reason', 'why the import changes hands, e.g. who is away until when');
  if (request.assignee === state.assignee) throw invalid(`assignee: ${request.assignee} is already the assignee`);
}
