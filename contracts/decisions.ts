import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { ActorRole, MemberRole } from './access';
import type { LifecycleStage, LifecycleState } from './lifecycle';
import { DECISION_NAMES, TRANSITIONS, type ActorRule, type DecisionName, type DecisionState, type Transition } from './transitions';

// What the transitions table (contracts/transitions.ts) answers: the roles, the refusals, what a member may do now,
// the API's bodies, and each decision's workflow update with its request type.

/** The roles that may send each decision (the workflow's role check and the API's permission table read it). */
export const DECISION_ROLES: Readonly<Record<string, readonly MemberRole[]>> = Object.fromEntries(DECISION_NAMES.map((name) => [name, TRANSITIONS[name].roles]));

/**
 * Why `state` does not take `decision` (409 `wrong_stage`), or null: the stage first, then what else the state
 * must hold. Pure: the workflow's validator and availableDecisions both ask it.
 */
export function stageRefusal(decision: DecisionName, state: DecisionState): string | null {
  const t: Transition = TRANSITIONS[decision];
  if (!t.from.includes(state.stage)) return t.outOfStage ? t.outOfStage(state) : `${t.name} is accepted in stage ${quoted(t.from)}, not "${state.stage}"`;
  return t.requires?.(state) ?? null;
}

const quoted = (stages: readonly LifecycleStage[]) => {
  const names = stages.map((s) => `"${s}"`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
};

/** Whether `actor` passes the decision's actor rule (true when the state does not say, e.g. no assignee known). */
export function actorAllowed(rule: ActorRule | undefined, state: DecisionState, actor: string, role: MemberRole): boolean {
  if (rule === 'assignee') return state.assignee === undefined || state.assignee === actor;
  if (rule === 'assignee_if_developer') return role !== 'developer' || state.assignee === undefined || state.assignee === actor;
  if (rule === 'not_author') return state.submission?.by !== actor;
  return true;
}

export interface DecisionContext {
  /** The member asking: with it, decisions only the assignee (or anyone but the author) may take are filtered. */
  actor?: string;
  /** The workflow's state, when known: its preconditions (an approved review, a running deploy, a block…) count. */
  state?: DecisionState;
}

/** The decisions `role` may take now on an import in `stage`, in the table's order. Pure. */
export function availableDecisions(stage: LifecycleStage, role: MemberRole, ctx: DecisionContext = {}): DecisionName[] {
  const state: DecisionState = { ...ctx.state, stage };
  return DECISION_NAMES.filter((name) => {
    const t: Transition = TRANSITIONS[name];
    if (!t.roles.includes(role)) return false;
    if (ctx.state ? stageRefusal(name, state) !== null : !t.from.includes(stage)) return false;
    return ctx.actor === undefined || actorAllowed(t.actor, ctx.state ?? { stage }, ctx.actor, role);
  });
}

/** The request body the API takes: the workflow's request, its actor field optional (filled from the caller), unknown fields refused. */
export function requestBody(t: Transition): z.ZodObject {
  const field = t.actorField ?? 'by';
  return t.request.extend({ ...t.edge, [field]: (t.request.shape[field] as z.ZodType).optional() }).strict();
}

/** A decision's request as the workflow receives it: the table's schema (its input side) and the sender's role. */
export type RequestOf<N extends DecisionName> = z.input<(typeof TRANSITIONS)[N]['request']> & ActorRole;

/**
 * Every decision is a workflow update named after its entry. Its validator rejects what the table refuses — the
 * role (`RoleRefused`, API 403), the stage or the state (`WrongStage`, 409), the request or a cross-field rule
 * (`InvalidDecision`, 422) — before anything reaches history; an accepted one returns the new state.
 */
export const DECISION_UPDATES = Object.fromEntries(DECISION_NAMES.map((name) => [name, defineUpdate(TRANSITIONS[name].update)])) as {
  readonly [N in DecisionName]: UpdateDefinition<LifecycleState, [RequestOf<N>]>;
};

export const estimateUpdate = DECISION_UPDATES.estimate;
export const planUpdate = DECISION_UPDATES.plan;
export const assignUpdate = DECISION_UPDATES.assign;
export const startDevelopmentUpdate = DECISION_UPDATES.startDevelopment;
export const submitForReviewUpdate = DECISION_UPDATES.submitForReview;
export const reviewUpdate = DECISION_UPDATES.review;
export const deployStagingUpdate = DECISION_UPDATES.deployStaging;
/** Relayed by account management, or sent by the client from the preview page (actor `client:<contact or link id>`). */
export const clientDecisionUpdate = DECISION_UPDATES.clientDecision;
export const deployProductionUpdate = DECISION_UPDATES.deployProduction;
export const revertProductionUpdate = DECISION_UPDATES.revertProduction;
export const verificationDecisionUpdate = DECISION_UPDATES.verificationDecision;
export const completeHandOffUpdate = DECISION_UPDATES.completeHandOff;
export const startMaintenanceUpdate = DECISION_UPDATES.startMaintenance;
export const cancelUpdate = DECISION_UPDATES.cancel;
export const blockUpdate = DECISION_UPDATES.block;
export const unblockUpdate = DECISION_UPDATES.unblock;
export const reassignUpdate = DECISION_UPDATES.reassign;

export type EstimateRequest = RequestOf<'estimate'>;
export type PlanRequest = RequestOf<'plan'>;
export type AssignRequest = RequestOf<'assign'>;
export type StartDevelopmentRequest = RequestOf<'startDevelopment'>;
export type SubmitReviewRequest = RequestOf<'submitForReview'>;
export type ReviewRequest = RequestOf<'review'>;
export type DeployStagingRequest = RequestOf<'deployStaging'>;
export type ClientDecisionRequest = RequestOf<'clientDecision'>;
export type DeployProductionRequest = RequestOf<'deployProduction'>;
export type RevertProductionRequest = RequestOf<'revertProduction'>;
export type VerificationDecisionRequest = RequestOf<'verificationDecision'>;
export type CompleteHandOffRequest = RequestOf<'completeHandOff'>;
export type StartMaintenanceRequest = RequestOf<'startMaintenance'>;
export type CancelRequest = RequestOf<'cancel'>;
export type BlockRequest = RequestOf<'block'>;
export type UnblockRequest = RequestOf<'unblock'>;
export type ReassignRequest = RequestOf<'reassign'>;
