import { z } from 'zod';
import type { MemberRole } from './access';
import { importConfigSchema } from './importer-config';
import { BLOCKER_KINDS, LIFECYCLE_STAGES, type DecisionKind, type LifecycleStage, type LifecycleState } from './lifecycle';

/**
 * The team's process, in one table: each decision a member takes on an import, the stages it is accepted in,
 * where it leads, who may take it and what it carries. The workflow's validator (workflows/lifecycle/validators.ts),
 * the API's routes, bodies and OpenAPI (apps/api/lifecycle), the permission table (apps/api/auth/permissions.ts)
 * and "what may I do now" (availableDecisions, GET /imports/:id/actions) all read it, through contracts/decisions.ts.
 *
 * Read top to bottom: a request is estimated by a developer, planned and assigned by the lead, developed,
 * submitted and reviewed by another developer, deployed to staging (its first run decides: the client validates,
 * or it goes back to development), deployed to production by a lead or ops (the saga, then verification), handed
 * off by account management, and live; a live import comes back through development for each maintenance fix.
 * Block, unblock and reassign keep the stage. What the workflow moves by itself is in SYSTEM_TRANSITIONS.
 *
 * Over 300 lines only because of TRANSITIONS (≈270 lines, one entry per decision): the process is meant to be read
 * in one place, so the table is not split.
 */

/** Who may decide, beyond the role: the assignee, anyone but the revision's author, or the assignee when a developer. */
export type ActorRule = 'assignee' | 'not_author' | 'assignee_if_developer';

/** What a decision's state preconditions read (the workflow's state; the API may know only the stage). */
export type DecisionState = Pick<LifecycleState, 'stage'> &
  Partial<Pick<LifecycleState, 'assignee' | 'submission' | 'review' | 'production' | 'verification' | 'maintenance' | 'blocker' | 'handOff'>>;

export interface Transition<S extends z.ZodObject = z.ZodObject> {
  /** The workflow update's name (contracts/lifecycle.ts). */
  update: string;
  /** POST /imports/:id/<route>. */
  route: string;
  /** The decision recorded in the import's history when it is accepted. */
  kind: DecisionKind;
  /** The decision as a noun phrase, for messages ("A plan is accepted in …") and the console's labels. */
  name: string;
  /** What it does, for OpenAPI and the console. */
  summary: string;
  roles: readonly MemberRole[];
  actor?: ActorRule;
  /** The stages it is accepted in (any other → 409 `wrong_stage`). */
  from: readonly LifecycleStage[];
  /** Where it leads: a stage, `same` (the stage stays), or the stages its outcome may lead to. */
  to: LifecycleStage | 'same' | readonly LifecycleStage[];
  /** The field naming who decides (default `by`): the API fills it from the caller. */
  actorField?: 'by' | 'estimator';
  /** The request as the workflow receives it (without `role`, which every request may carry). */
  request: S;
  /** Fields the API checks more strictly than the workflow (which must still accept what older lifecycles were sent). */
  edge?: z.ZodRawShape;
  /** A refusal for a stage outside `from` when the generic one says too little. */
  outOfStage?: (state: DecisionState) => string;
  /** What the state must hold besides the stage: a refusal (409 `wrong_stage`), or null. */
  requires?: (state: DecisionState) => string | null;
}

const transition = <S extends z.ZodObject>(t: Transition<S>): Transition<S> => t;

// Field shapes. Each message is the workflow's answer (422) and the API's (400), as `<field>: <message>`.
/** Required text: `meaning` says what it is (the refusal reads "required (<meaning>)"; OpenAPI shows it). */
const text = (meaning: string, max = 2000) =>
  z
    .string({ error: `required (${meaning})` })
    .trim()
    .min(1, { error: `required (${meaning})` })
    .max(max)
    .describe(meaning);
const actor = (meaning: string) => text(meaning, 200);
const optionalText = (max = 2000) => z.string({ error: 'must be text' }).trim().max(max).optional();
const comment = optionalText();
const choice = <const T extends readonly [string, ...string[]]>(values: T) => {
  const names = values.map((v) => `"${v}"`);
  return z.enum(values, { error: `must be ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` });
};

/** Longest estimate accepted, in working days: beyond it the request should be split. */
export const MAX_ESTIMATE_DAYS = 120;

/** The final-install checklist: every item must be true (the workflow names those that are not). */
export const HAND_OFF_ITEMS = {
  appActivated: "the app activated on the client's job page",
  campaignsStarted: "the client's campaigns started",
} as const;

/** An import's priority: 1 (highest) to 5; requests are filed with one and the lead confirms it. */
export const prioritySchema = z
  .number({ error: 'must be an integer from 1 (highest) to 5' })
  .int({ error: 'must be an integer from 1 (highest) to 5' })
  .min(1, { error: 'must be an integer from 1 (highest) to 5' })
  .max(5, { error: 'must be an integer from 1 (highest) to 5' });

/**
 * A calendar day, YYYY-MM-DD, that exists (no February 30th): zod's own date pattern. Not `z.iso.date()`: inside
 * the workflow bundle (webpack) `z.iso.date` resolves to `z.date()`, which refuses every string.
 */
export const calendarDate = z
  .string({ error: 'must be a date as YYYY-MM-DD' })
  .regex(/^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8])))$/, {
    error: 'must be a date as YYYY-MM-DD',
  })
  .describe('YYYY-MM-DD');

/** Stages an import can be blocked in: before live (a maintenance fix is back before live too). */
const BLOCKABLE = LIFECYCLE_STAGES.filter((s) => s !== 'live' && s !== 'cancelled');
/** Before production: a cancel ends the import; from verification on, it is retired instead. */
const BEFORE_PRODUCTION = ['requested', 'estimated', 'planned', 'assigned', 'in_development', 'in_review', 'staging', 'client_validation', 'production_deploy'] as const satisfies readonly LifecycleStage[];

const deployRunning = (s: DecisionState, then = '') => (s.production?.outcome === 'running' ? `A production deploy is running (${s.production.deployId})${then}` : null);

export const TRANSITIONS = {
  estimate: transition({
    update: 'estimate',
    route: 'estimate',
    kind: 'estimate',
    name: 'An estimate',
    summary: "A developer's estimate in working days (again to re-estimate)",
    roles: ['developer'],
    from: ['requested', 'estimated'],
    to: 'estimated',
    actorField: 'estimator',
    request: z.object({
      estimator: actor('who estimates'),
      days: z
        .number({ error: `must be a number above 0 and at most ${MAX_ESTIMATE_DAYS}` })
        .positive({ error: `must be a number above 0 and at most ${MAX_ESTIMATE_DAYS}` })
        .max(MAX_ESTIMATE_DAYS, { error: `must be a number above 0 and at most ${MAX_ESTIMATE_DAYS}` }),
      comment,
    }),
  }),
  plan: transition({
    update: 'plan',
    route: 'plan',
    kind: 'plan',
    name: 'A plan',
    summary: "The lead's plan: priority confirmed and wanted date; the state gets the queue position",
    roles: ['lead'],
    from: ['estimated', 'planned'],
    to: 'planned',
    request: z.object({
      by: actor('the lead who plans'),
      priority: prioritySchema,
      wantedDate: calendarDate,
      comment,
    }),
  }),
  assign: transition({
    update: 'assign',
    route: 'assign',
    kind: 'assign',
    name: 'An assignment',
    summary: 'Assign a developer (again to re-assign before development starts)',
    roles: ['lead'],
    from: ['planned', 'assigned'],
    to: 'assigned',
    request: z.object({ assignee: actor('the developer who builds the import'), by: actor('who assigns'), comment }),
  }),
  startDevelopment: transition({
    update: 'startDevelopment',
    route: 'start-development',
    kind: 'start_development',
    name: 'Starting development',
    summary: 'The assignee starts development',
    roles: ['developer'],
    actor: 'assignee',
    from: ['assigned'],
    to: 'in_development',
    request: z.object({ by: actor('the assignee'), comment }),
  }),
  submitForReview: transition({
    update: 'submitForReview',
    route: 'submit-review',
    kind: 'submit_review',
    name: 'A submission for review',
    summary: 'The assignee submits the importer and its configuration for review',
    roles: ['developer'],
    actor: 'assignee',
    from: ['in_development'],
    to: 'in_review',
    request: z.object({
      by: actor('the assignee, author of the work'),
      version: actor('the importer version reviewed, e.g. a commit'),
      importerKey: actor('the importer to deploy'),
      config: z.record(z.string(), z.unknown(), { error: 'required (the importer configuration, an object)' }),
      checks: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
      fetchPolicy: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
      schedule: z.string({ error: 'must be text' }).nullable().optional(),
      comment,
    }),
    // As PUT …/staging/config takes them (the platform's maxima are then checked by the API: 422 platform_limit).
    // The workflow stays looser: lifecycles were sent fetch policies with keys since removed.
    edge: { checks: importConfigSchema.shape.checks, fetchPolicy: importConfigSchema.shape.fetchPolicy, schedule: importConfigSchema.shape.schedule },
  }),
  review: transition({
    update: 'review',
    route: 'review',
    kind: 'review',
    name: 'A review',
    summary: 'Another developer approves, or requests changes (back to development)',
    roles: ['developer'],
    actor: 'not_author',
    from: ['in_review'],
    to: ['in_review', 'in_development'],
    request: z.object({ by: actor('the reviewer'), decision: choice(['approve', 'request_changes']), comments: optionalText(4000) }),
    requires: (s) =>
      s.review?.outcome === 'approved' && s.review.revision === s.submission?.revision ? `Revision ${s.submission.revision} is already approved by ${s.review.by}: deploy it to staging` : null,
  }),
  deployStaging: transition({
    update: 'deployStaging',
    route: 'deploy-staging',
    kind: 'deploy_staging',
    name: 'A staging deploy',
    summary: 'Deploy the approved revision to staging: configuration, staging schedule and a first staging run',
    roles: ['developer'],
    from: ['in_review'],
    to: 'staging',
    request: z.object({ by: actor('the developer who deploys'), comment }),
    requires: (s) =>
      s.review?.outcome !== 'approved' || s.review.revision !== s.submission?.revision ? `A staging deploy needs an approved review: revision ${s.submission?.revision} is awaiting review` : null,
  }),
  clientDecision: transition({
    update: 'clientDecision',
    route: 'client-decision',
    kind: 'client_decision',
    name: "The client's decision",
    summary: "Account management relays the client's validation, or feedback (back to development)",
    roles: ['account_manager'],
    from: ['client_validation'],
    to: ['production_deploy', 'in_development'],
    request: z.object({ by: actor('account management, relaying the client'), decision: choice(['validate', 'feedback']), comments: optionalText(4000) }),
  }),
  deployProduction: transition({
    update: 'deployProduction',
    route: 'deploy-production',
    kind: 'deploy_production',
    name: 'A production deploy',
    summary: 'Deploy to production through the deploy saga (answers at once; `production.outcome` says how it went)',
    roles: ['lead', 'ops'],
    from: ['production_deploy'],
    to: 'same',
    request: z.object({ by: actor('the lead or ops who deploys'), comment }),
    requires: (s) => (s.production?.outcome === 'running' ? `A production deploy is already running (${s.production.deployId})` : null),
  }),
  revertProduction: transition({
    update: 'revertProduction',
    route: 'revert-production',
    kind: 'revert_production',
    name: 'A production revert',
    summary: 'Revert a live import to its previous production version, through the same saga',
    roles: ['lead', 'ops'],
    from: ['live'],
    to: 'same',
    request: z.object({ by: actor('the lead or ops who reverts'), reason: text('why production is reverted') }),
    requires: (s) => deployRunning(s),
  }),
  verificationDecision: transition({
    update: 'verificationDecision',
    route: 'verification-decision',
    kind: 'verification_decision',
    name: 'A verification decision',
    summary: 'After a failed post-deploy verification: check again, or revert to the previous production version',
    roles: ['lead', 'ops'],
    from: ['verification'],
    to: 'same',
    request: z.object({ by: actor('the lead or ops who decides'), decision: choice(['reverify', 'revert']), comment }),
    requires: (s) =>
      s.production?.outcome === 'running'
        ? `A production revert is running (${s.production.deployId})`
        : s.verification?.outcome !== 'failed'
          ? `The post-deploy verification is ${s.verification?.outcome ?? 'not started'}, not failed: there is nothing to decide`
          : null,
  }),
  completeHandOff: transition({
    update: 'completeHandOff',
    route: 'complete-hand-off',
    kind: 'hand_off',
    name: 'The final-install checklist',
    summary: "Account management's final-install checklist (every item true) → `live`",
    roles: ['account_manager'],
    from: ['handed_off'],
    to: 'live',
    // Unset items are false: the workflow names every item not done (422), rather than a 400 on a missing field.
    request: z.object({
      by: actor('account management'),
      appActivated: z.boolean().optional().describe(HAND_OFF_ITEMS.appActivated),
      campaignsStarted: z.boolean().optional().describe(HAND_OFF_ITEMS.campaignsStarted),
      comment,
    }),
  }),
  startMaintenance: transition({
    update: 'startMaintenance',
    route: 'start-maintenance',
    kind: 'start_maintenance',
    name: 'A maintenance fix',
    summary: 'A fix on a live import: back to development for the current assignee (no client validation unless asked for)',
    roles: ['lead', 'ops'],
    from: ['live'],
    to: 'in_development',
    request: z.object({
      by: actor('who asks for the fix'),
      reason: text('the incident or the client request the fix answers'),
      incidentId: z.string({ error: 'must be text' }).trim().min(1).max(200).optional(),
      clientValidation: z.boolean({ error: 'must be true or false' }).default(false).describe("ask the client to validate the fix on staging"),
    }),
    requires: (s) => deployRunning(s, ': start the fix once it has ended'),
  }),
  cancel: transition({
    update: 'cancel',
    route: 'cancel',
    kind: 'cancel',
    name: 'A cancel',
    summary: 'Cancel the import: staging schedule removed, staging jobs closed, lifecycle ended',
    roles: ['account_manager', 'lead'],
    from: BEFORE_PRODUCTION,
    to: 'cancelled',
    request: z.object({ by: actor('who cancels'), reason: text('why the import is cancelled') }),
    outOfStage: (s) =>
      s.stage === 'cancelled'
        ? 'The import is already cancelled'
        : s.stage === 'live'
          ? 'A cancel is accepted in any stage before "live", not "live": a live import is retired, not cancelled'
          : `A cancel is accepted in any stage before production, not "${s.stage}": the import is in production, it is retired, not cancelled`,
    requires: (s) =>
      s.maintenance
        ? `A cancel is accepted in any stage before production, not "${s.stage}" during maintenance fix ${s.maintenance.number}: the import is in production, it is retired, not cancelled`
        : deployRunning(s, ': cancel once it has ended'),
  }),
  block: transition({
    update: 'block',
    route: 'block',
    kind: 'block',
    name: 'A block',
    summary: 'Mark the import blocked (before live or during a fix): kind, reason, who is waited on; reminders go to them',
    roles: ['developer', 'lead', 'account_manager'],
    actor: 'assignee_if_developer',
    from: BLOCKABLE,
    to: 'same',
    request: z.object({
      by: actor('who blocks the import'),
      kind: choice(BLOCKER_KINDS),
      reason: text('what the import is blocked on'),
      /** A member handle, or who on the client's side (e.g. "client: Acme IT"). */
      waitingOn: text('who is waited on', 200),
    }),
    requires: (s) => (s.blocker ? `The import is already blocked (${s.blocker.kind}, since ${s.blocker.at}, waiting on ${s.blocker.waitingOn}): unblock it first` : null),
  }),
  unblock: transition({
    update: 'unblock',
    route: 'unblock',
    kind: 'unblock',
    name: 'An unblock',
    summary: 'End the block, saying what resolved it',
    roles: ['developer', 'lead', 'account_manager'],
    actor: 'assignee_if_developer',
    from: LIFECYCLE_STAGES,
    to: 'same',
    request: z.object({ by: actor('who unblocks the import'), resolution: text('what resolved the block') }),
    requires: (s) => (s.blocker ? null : 'The import is not blocked'),
  }),
  reassign: transition({
    update: 'reassign',
    route: 'reassign',
    kind: 'reassign',
    name: 'A reassignment',
    summary: 'Hand the import over to another developer (the lead), whatever the stage: e.g. its assignee is away',
    roles: ['lead'],
    from: LIFECYCLE_STAGES.filter((s) => s !== 'cancelled'),
    to: 'same',
    request: z.object({
      by: actor('the lead who reassigns'),
      assignee: actor('the developer who takes the import over'),
      reason: text('why the import changes hands, e.g. who is away until when'),
    }),
    outOfStage: () => 'The import is cancelled: nothing to hand over',
    requires: (s) =>
      s.stage === 'live' && !s.maintenance
        ? 'A reassignment is accepted before live or during a maintenance fix, not on a live import at rest'
        : s.assignee
          ? null
          : `The import has no assignee yet (stage "${s.stage}"): assign it`,
  }),
} as const;

export type DecisionName = keyof typeof TRANSITIONS;
export const DECISION_NAMES = Object.keys(TRANSITIONS) as DecisionName[];

/** What the workflow moves by itself (outcomes of runs, sagas and checks), for the reader and the reachability test. */
export const SYSTEM_TRANSITIONS: readonly { kind: DecisionKind; from: readonly LifecycleStage[]; to: readonly LifecycleStage[]; when: string }[] = [
  { kind: 'requested', from: [], to: ['requested'], when: 'the request is filed (the workflow starts)' },
  { kind: 'staging_run', from: ['staging'], to: ['client_validation', 'production_deploy', 'in_development'], when: 'the first staging run ends: applied (a maintenance fix without client validation goes straight to production), or failed/quarantined' },
  { kind: 'production_deployed', from: ['production_deploy'], to: ['verification'], when: 'the deploy saga succeeded: post-deploy verification follows' },
  { kind: 'production_deploy_failed', from: ['production_deploy'], to: ['production_deploy'], when: 'the deploy saga failed and restored production' },
  { kind: 'production_reverted', from: ['live', 'verification'], to: ['live'], when: 'a revert succeeded' },
  { kind: 'production_revert_failed', from: ['live', 'verification'], to: ['live', 'verification'], when: 'a revert failed' },
  { kind: 'verification_passed', from: ['verification'], to: ['handed_off', 'live'], when: 'production matches staging: the hand-off checklist, once; live for later deploys' },
  { kind: 'verification_failed', from: ['verification'], to: ['verification'], when: 'production differs from staging: a lead or ops decides' },
];
