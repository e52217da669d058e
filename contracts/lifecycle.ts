import type { Duration } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorRole } from './access';
import type { DeployStep } from './deploy';

/**
 * The import lifecycle: one long-running workflow per import, id `import-lifecycle:<importId>`.
 * The order here is the team's process. From `production_deploy`, a `deployProduction` update runs the deploy
 * saga (a child `productionDeploy`): deployed → `verification` (post-deploy checks on production data) →
 * `handed_off` (account management's final-install checklist) → `live`. A live import stays open for
 * maintenance: `startMaintenance` takes it back to `in_development`, and the fix comes back to `live` through
 * review, staging, (client validation only when asked for), production deploy and verification.
 */
export const LIFECYCLE_STAGES = [
  'requested',
  'estimated',
  'planned',
  'assigned',
  'in_development',
  'in_review',
  'staging',
  'client_validation',
  'production_deploy',
  'verification',
  'handed_off',
  'live',
  'cancelled',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Stages that count in the development queue (ordered by priority, then wanted date). */
export const QUEUE_STAGES = ['planned', 'assigned', 'in_development', 'in_review', 'staging', 'client_validation', 'production_deploy', 'verification'] as const satisfies readonly LifecycleStage[];

export const IMPORT_KINDS = ['html', 'xml', 'json', 'jsonld'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** `question`/`answer`: a question on an import between account management and the team (apps/api/questions). */
export const NOTIFICATION_KINDS = ['reminder', 'escalation', 'question', 'answer'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const lifecycleWorkflowId = (importId: string): string => `import-lifecycle:${importId}`;

/** Who acts for the lifecycle itself (e.g. the outcome of the first staging run). */
export const SYSTEM_ACTOR = 'liaison';

/** Time limit per stage before its owner is reminded; `null` disables the reminder of a stage. */
export const DEFAULT_STAGE_LIMITS: Readonly<Partial<Record<LifecycleStage, Duration>>> = {
  requested: '3 days',
  estimated: '3 days',
  planned: '5 days',
  assigned: '2 days',
  in_development: '10 days',
  in_review: '2 days',
  staging: '1 day',
  client_validation: '5 days',
  production_deploy: '1 day',
  verification: '1 day',
  handed_off: '5 days',
};
/** Who is escalated to when no lead planned the import yet. */
export const DEFAULT_LEAD = 'import-team.lead';
/** Continue-as-new beyond this many history events (Temporal warns at 10,240 and stops at 51,200). */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;
/**
 * Post-deploy verification: production's open jobs may differ from staging's open jobs by this ratio of
 * staging's (±10 %). Both come from the same site within minutes, so a bigger gap means production missed or
 * doubled jobs; 10 % leaves room for offers posted or filled between the staging and the production run.
 * (The saga's own verify step is looser, ±20 % of the staging run's valid count: it only gates the unpause.)
 */
export const DEFAULT_VERIFICATION_TOLERANCE = 0.1;
/** A quarantined first staging run discards itself after this, and the import goes back to development. */
export const DEFAULT_STAGING_QUARANTINE_TIMEOUT = '10 minutes';

export interface ReminderSettings {
  /** Merged over DEFAULT_STAGE_LIMITS. */
  limits?: Partial<Record<LifecycleStage, Duration | null>>;
  /** Escalation to the lead this long after the reminder. Default: the stage's limit again. */
  escalateAfter?: Duration;
  /** Escalated to when the import has no planning lead yet. Default DEFAULT_LEAD. */
  lead?: string;
}

export interface LifecycleInput {
  importId: string;
  clientId: string;
  requestedBy: string;
  reminders?: ReminderSettings;
  /** History length that triggers continue-as-new (default 2,000; at least 10). */
  continueAsNewAfterEvents?: number;
  /** How long the first staging run waits in quarantine (default DEFAULT_STAGING_QUARANTINE_TIMEOUT). */
  stagingQuarantineTimeout?: string;
  /** How long the first production run of a deploy waits in quarantine (default DEFAULT_DEPLOY_QUARANTINE_TIMEOUT). */
  deployQuarantineTimeout?: string;
  /** Ratio of the post-deploy verification (default DEFAULT_VERIFICATION_TOLERANCE). */
  verificationTolerance?: number;
  /** Set by continue-as-new: the state of the previous run, carried whole. */
  carried?: LifecycleState;
  /** `roles`: every update must carry the sender's role (contracts/access.ts). The API always sets it. */
  access?: 'roles';
}

export const DECISION_KINDS = [
  'requested',
  'estimate',
  'plan',
  'assign',
  'start_development',
  'submit_review',
  'review',
  'deploy_staging',
  'staging_run',
  'client_decision',
  'cancel',
  'deploy_production',
  'production_deployed',
  'production_deploy_failed',
  'revert_production',
  'production_reverted',
  'production_revert_failed',
  'verification_passed',
  'verification_failed',
  'verification_decision',
  'hand_off',
  'start_maintenance',
  'block',
  'unblock',
  'reassign',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface Decision {
  /** Stable id of the decision: the update id, so a retried activity never records it twice. */
  id: string;
  kind: DecisionKind;
  actor: string;
  from: LifecycleStage | null;
  to: LifecycleStage;
  comment: string | null;
  at: string;
}

export interface PlanState {
  priority: number;
  /** YYYY-MM-DD. */
  wantedDate: string;
  by: string;
  /** 1 = next: rank among imports in QUEUE_STAGES when planned. */
  queuePosition: number;
}

/** What a developer submits for review: the importer and its configuration for staging. */
export interface ImporterSubmission {
  importerKey: string;
  /** The importer code version or tag reviewed (e.g. a commit). */
  version: string;
  config: Record<string, unknown>;
  checks: Record<string, unknown>;
  fetchPolicy: Record<string, unknown>;
  /** Cron (UTC); null = the importer's default. */
  schedule: string | null;
}

export interface SubmissionState extends ImporterSubmission {
  /** 1 for the first submission, +1 for each one after changes were requested. */
  revision: number;
  by: string;
  at: string;
}

export interface ReviewState {
  revision: number;
  outcome: 'approved' | 'changes_requested';
  by: string;
  comments: string | null;
  at: string;
}

export interface StagingState {
  scheduleId: string | null;
  runWorkflowId: string | null;
  runId: string | null;
  outcome: 'running' | 'applied' | 'failed' | 'quarantined' | 'cancelled' | null;
  deployedBy: string | null;
}

/** Production deploys and reverts of the import (each a child `productionDeploy` saga). */
export interface ProductionState {
  /** Sagas started so far: the next deploy id is `production-deploy:<importId>:<deploys + 1>`. */
  deploys: number;
  deployId: string | null;
  kind: 'deploy' | 'revert' | null;
  /** `running` while the saga runs; the live version (`import_versions.number`) once one was deployed. */
  outcome: 'running' | 'succeeded' | 'failed' | null;
  version: number | null;
  failedStep: DeployStep | null;
  error: { type: string; message: string } | null;
  by: string | null;
}

/** The post-deploy checks of the latest production deploy, with their figures. */
export interface VerificationState {
  deployId: string;
  /** 1 for the first check after the deploy, +1 for each re-verification. */
  attempt: number;
  /** `running` while the checks run (figures then null). */
  outcome: 'running' | 'passed' | 'failed' | 'reverted';
  openProduction: number | null;
  openStaging: number | null;
  /** Ratio of staging's open jobs allowed between the two (see DEFAULT_VERIFICATION_TOLERANCE). */
  tolerance: number;
  firstRun: { runId: string | null; status: string | null; failedChecks: string[] };
  problems: string[];
  /** The `verification_failed` alert, when it failed. */
  alertId: number | null;
  at: string;
}

/** Account management's final-install checklist, done once: later deploys (maintenance) go straight to `live`. */
export interface HandOffState {
  appActivated: true;
  campaignsStarted: true;
  by: string;
  at: string;
}

/** The fix in progress on a live import (null once it is live again). */
export interface MaintenanceState {
  /** 1, 2, … per import. */
  number: number;
  reason: string;
  incidentId: string | null;
  /** Whether the fix waits for the client's validation after staging (default false: it ships the same day). */
  clientValidation: boolean;
  by: string;
  at: string;
}

/** Why work on an import is stuck (the lead's daily follow-up). */
export const BLOCKER_KINDS = ['technical', 'client_information', 'internal_project', 'account_management'] as const;
export type BlockerKind = (typeof BLOCKER_KINDS)[number];

/**
 * An import marked blocked: before live or during a maintenance fix. The stage does not change; while it holds,
 * the stage's reminders go to whoever is waited on (a member handle; anything else, e.g. "client: Acme IT",
 * is relayed by the import's account manager) and the escalation counts from the block.
 */
export interface BlockerState {
  kind: BlockerKind;
  reason: string;
  waitingOn: string;
  by: string;
  at: string;
}

/** Reminders of the current stage entry; `entry` grows by one each time a stage (or an approval) begins. */
export interface ReminderProgress {
  entry: number;
  stage: LifecycleStage;
  enteredAt: string;
  sent: NotificationKind[];
}

export interface LifecycleState {
  importId: string;
  clientId: string;
  stage: LifecycleStage;
  estimateDays: number | null;
  history: Decision[];
  plan: PlanState | null;
  assignee: string | null;
  submission: SubmissionState | null;
  review: ReviewState | null;
  staging: StagingState | null;
  /** Absent from states recorded before the production deploy existed. */
  production?: ProductionState | null;
  /** Absent from states recorded before verification existed. */
  verification?: VerificationState | null;
  handOff?: HandOffState | null;
  maintenance?: MaintenanceState | null;
  /** Maintenance fixes started so far. */
  maintenances?: number;
  /** The current block (absent from states recorded before blockers existed). */
  blocker?: BlockerState | null;
  reminders: ReminderProgress;
  /** Runs of this workflow before the current one (continue-as-new). */
  continuedAsNew: number;
  /** From LifecycleInput.access; absent from lifecycles started before roles were checked (roles then checked only when sent). */
  access?: 'roles';
}

/** Longest estimate accepted, in working days: beyond it the request should be split. */
export const MAX_ESTIMATE_DAYS = 120;

export interface EstimateRequest extends ActorRole {
  estimator: string;
  /** Working days, > 0. */
  days: number;
  comment?: string;
}
export interface PlanRequest extends ActorRole {
  by: string;
  /** 1 (highest) to 5. */
  priority: number;
  /** YYYY-MM-DD. */
  wantedDate: string;
  comment?: string;
}
export interface AssignRequest extends ActorRole {
  assignee: string;
  by: string;
  comment?: string;
}
export interface StartDevelopmentRequest extends ActorRole {
  by: string;
  comment?: string;
}
export interface SubmitReviewRequest extends Omit<ImporterSubmission, 'checks' | 'fetchPolicy' | 'schedule'>, ActorRole {
  by: string;
  checks?: Record<string, unknown>;
  fetchPolicy?: Record<string, unknown>;
  schedule?: string | null;
  comment?: string;
}
export interface ReviewRequest extends ActorRole {
  by: string;
  decision: 'approve' | 'request_changes';
  /** Required when requesting changes. */
  comments?: string;
}
export interface DeployStagingRequest extends ActorRole {
  by: string;
  comment?: string;
}
export interface ClientDecisionRequest extends ActorRole {
  by: string;
  decision: 'validate' | 'feedback';
  /** Required with feedback. */
  comments?: string;
}
export interface DeployProductionRequest extends ActorRole {
  /** A lead or ops. */
  by: string;
  comment?: string;
}
export interface RevertProductionRequest extends ActorRole {
  by: string;
  reason: string;
}
export interface CancelRequest extends ActorRole {
  by: string;
  reason: string;
}
/** After a failed verification: check again (e.g. once ops re-ran the import), or revert to the previous version. */
export interface VerificationDecisionRequest extends ActorRole {
  /** A lead or ops. */
  by: string;
  decision: 'reverify' | 'revert';
  /** Required to revert (why). */
  comment?: string;
}
/** The final-install checklist: every item must be true. */
export interface CompleteHandOffRequest extends ActorRole {
  /** Account management. */
  by: string;
  /** The app is activated on the client's job page. */
  appActivated?: boolean;
  /** The client's campaigns are started. */
  campaignsStarted?: boolean;
  comment?: string;
}
export const HAND_OFF_ITEMS = {
  appActivated: "the app activated on the client's job page",
  campaignsStarted: "the client's campaigns started",
} as const;
export interface StartMaintenanceRequest extends ActorRole {
  by: string;
  /** Why: the incident, or the client's request. */
  reason: string;
  incidentId?: string;
  /** Ask the client to validate the fix on staging (default false). */
  clientValidation?: boolean;
}

export interface BlockRequest extends ActorRole {
  /** The assignee, a lead or an account manager. */
  by: string;
  kind: BlockerKind;
  reason: string;
  /** Who is waited on: a member handle, or who on the client's side (relayed by the account manager). */
  waitingOn: string;
}
/** The lead hands an import over to another developer (its assignee is away, or leaves), whatever the stage. */
export interface ReassignRequest extends ActorRole {
  /** A lead. */
  by: string;
  assignee: string;
  /** Why, e.g. "dev.alice away until 2026-12-20". */
  reason: string;
}
export interface UnblockRequest extends ActorRole {
  by: string;
  /** What resolved it. */
  resolution: string;
}

// Every decision is an update with a validator: a rejection is an ApplicationFailure of type `WrongStage`
// (the API answers 409) or `InvalidDecision` (422); an accepted one returns the new state.
/** A developer's estimate. Accepted in `requested` (first estimate) and `estimated` (re-estimate). */
export const estimateUpdate = defineUpdate<LifecycleState, [EstimateRequest]>('estimate');
/** The lead confirms priority and wanted date; the state gets the queue position. `estimated` or `planned`. */
export const planUpdate = defineUpdate<LifecycleState, [PlanRequest]>('plan');
/** `planned` or `assigned` (re-assignment before development starts). */
export const assignUpdate = defineUpdate<LifecycleState, [AssignRequest]>('assign');
/** By the assignee only, in `assigned`. */
export const startDevelopmentUpdate = defineUpdate<LifecycleState, [StartDevelopmentRequest]>('startDevelopment');
/** By the assignee, in `in_development`: the importer and configuration to review. */
export const submitForReviewUpdate = defineUpdate<LifecycleState, [SubmitReviewRequest]>('submitForReview');
/** By another developer than the author, in `in_review`. Changes requested → back to `in_development`. */
export const reviewUpdate = defineUpdate<LifecycleState, [ReviewRequest]>('review');
/** After an approval: staging config, staging schedule and a first staging run (a child `importRun`). */
export const deployStagingUpdate = defineUpdate<LifecycleState, [DeployStagingRequest]>('deployStaging');
/**
 * The client's answer, in `client_validation`: relayed by account management, or sent by the client from the
 * preview page (`/preview/<token>`, actor `client:<contact or link id>`).
 */
export const clientDecisionUpdate = defineUpdate<LifecycleState, [ClientDecisionRequest]>('clientDecision');
/**
 * In `production_deploy` (again after a failed deploy, with a new deploy id): starts the deploy saga and returns
 * at once; the lifecycle moves to `live` when it succeeds, or stays with the failure in its history.
 */
export const deployProductionUpdate = defineUpdate<LifecycleState, [DeployProductionRequest]>('deployProduction');
/** In `live`: the same saga restores the previous production version (from `import_versions`); from a failed verification, see verificationDecisionUpdate. */
export const revertProductionUpdate = defineUpdate<LifecycleState, [RevertProductionRequest]>('revertProduction');
/** In `verification` after a failed check: `reverify`, or `revert` to the previous production version. */
export const verificationDecisionUpdate = defineUpdate<LifecycleState, [VerificationDecisionRequest]>('verificationDecision');
/** In `handed_off`: account management's checklist, all items true → `live`. */
export const completeHandOffUpdate = defineUpdate<LifecycleState, [CompleteHandOffRequest]>('completeHandOff');
/** In `live`: a fix starts, `in_development` for the current assignee. */
export const startMaintenanceUpdate = defineUpdate<LifecycleState, [StartMaintenanceRequest]>('startMaintenance');
/** Any stage before `live` (never during maintenance): removes the staging schedule, closes staging jobs, ends the workflow. */
export const cancelUpdate = defineUpdate<LifecycleState, [CancelRequest]>('cancel');

/** Before live or during a maintenance fix: marks the import blocked (kind, reason, waited-on); the stage stays. */
export const blockUpdate = defineUpdate<LifecycleState, [BlockRequest]>('block');
/** Ends the block, recording what resolved it; reminders start again for the stage's owner. */
export const unblockUpdate = defineUpdate<LifecycleState, [UnblockRequest]>('unblock');

/**
 * The lead hands the import over to another developer in any stage where it has an assignee and is not done
 * (live imports during a maintenance fix too); the stage stays, the new assignee gets the stage's full time.
 */
export const reassignUpdate = defineUpdate<LifecycleState, [ReassignRequest]>('reassign');

export const stateQuery = defineQuery<LifecycleState>('state');
export const historyQuery = defineQuery<Decision[]>('history');
