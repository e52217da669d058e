import type { Duration } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';
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

/** The decisions (their updates, requests and rules) are in the transitions table: contracts/transitions.ts. */
export const stateQuery = defineQuery<LifecycleState>('state');
export const historyQuery = defineQuery<Decision[]>('history');
