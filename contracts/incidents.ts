import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EnvironmentName, RunOutcome } from './runs';

/**
 * Incidents: one `importHealth` workflow per import and environment (`import-health:<importId>:<env>`) keeps the
 * health state — consecutive failures, the open incident per kind, the last good run — and is the truth behind
 * the `incidents` table. Runs, deploys and the watchdog report to it by signal-with-start; people acknowledge and
 * resolve through its updates.
 */
export const INCIDENT_KINDS = ['fetch_failed', 'site_changed', 'volume_drop', 'invalid_data', 'deploy_failed', 'schedule_missed', 'platform_failed'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** What a notification announces: only state changes are announced, never a repeated failure. */
export const INCIDENT_EVENTS = ['opened', 'escalated', 'acknowledged', 'resolved'] as const;
export type IncidentEvent = (typeof INCIDENT_EVENTS)[number];

/**
 * Kinds a good run ends: a deploy failure is only ended by a person (a later run proves nothing about the saga). A
 * platform failure is: the next good run shows the worker and the staging store work again.
 */
export const KINDS_RESOLVED_BY_A_GOOD_RUN: readonly IncidentKind[] = ['fetch_failed', 'site_changed', 'volume_drop', 'invalid_data', 'schedule_missed', 'platform_failed'];

export const healthWorkflowId = (importId: string, environment: EnvironmentName): string => `import-health:${importId}:${environment}`;
export const WATCHDOG_SCHEDULE_ID = 'liaison-watchdog';

/**
 * One report to the health workflow. Small by design (ids and one line): the context is read from Postgres by
 * the activity that records the incident, never carried in history.
 */
export type HealthReport =
  | { source: 'run'; runId: string; outcome: RunOutcome; kind: IncidentKind | null; summary: string; at: string }
  | { source: 'deploy'; deployId: string; workflowId: string; kind: 'deploy_failed'; summary: string; at: string }
  | { source: 'watchdog'; kind: 'schedule_missed'; summary: string; lastSuccessAt: string | null; at: string };

export interface ImportHealthInput {
  importId: string;
  environment: EnvironmentName;
  /** How long an incident may stay unacknowledged before it is escalated, in ms. */
  escalateAfterMs: number;
  /** Carried over by continue-as-new. */
  state?: ImportHealthState;
  /** Reports received but not yet handled when the workflow continued as new. */
  pending?: HealthReport[];
}

export interface OpenIncident {
  incidentId: number;
  kind: IncidentKind;
  openedAt: string;
  count: number;
  acknowledged: boolean;
  escalated: boolean;
}

export interface ImportHealthState {
  consecutiveFailures: number;
  lastGoodRun: { runId: string; at: string } | null;
  open: OpenIncident[];
}

export interface IncidentDecision {
  incidentId: number;
  by: string;
  comment?: string;
}

export const healthReportSignal = defineSignal<[HealthReport]>('healthReport');
/** Acknowledged: someone is on it, so it is not escalated. Refused when the incident is not open here. */
export const acknowledgeIncidentUpdate = defineUpdate<ImportHealthState, [IncidentDecision]>('acknowledgeIncident');
/** Resolved by a person (a good run resolves on its own). */
export const resolveIncidentUpdate = defineUpdate<ImportHealthState, [IncidentDecision]>('resolveIncident');
export const healthStateQuery = defineQuery<ImportHealthState>('healthState');

export interface WatchdogInput {
  /** Slack added to twice the schedule's interval before a missed schedule is reported, in ms. */
  graceMs: number;
  /** Only these imports, for both the check and the pruning (tests share one database); unset = every import. */
  onlyImports?: string[];
  /** How long a finished run's staged records are kept once no run can use them, in ms (default: one hour). */
  stageRetentionMs?: number;
  /** Age before a run under way may be judged stranded (its workflow ended, its stage gone), in ms (default: 10 min). */
  strandedAfterMs?: number;
}

export interface WatchdogResult {
  checked: number;
  reported: { importId: string; environment: EnvironmentName }[];
  /** Staged records deleted by this sweep (absent from sweeps recorded before pruning existed). */
  pruned?: { runs: number; records: number };
  /** Runs found stranded and failed by this sweep, with the reason (absent from sweeps recorded before reconciliation). */
  failedRuns?: { runId: string; type: string }[];
}

/**
 * The parts of an incident's `context` that pages and messages read (activities/incidents/context.ts writes it;
 * it holds more: the run, the deploy, the warnings…). Everything is optional: each kind fills what it knows.
 */
export interface IncidentContextView {
  import?: { id?: string; name?: string | null; client?: string | null };
  failingChecks?: { check: string; message: string; figures?: unknown }[];
  error?: { type?: string; message?: string; url?: string | null; status?: number | null; stack?: string | null; selector?: string | null } | null;
  brokenSelectors?: { field?: string | null; selector: string; sampleUrl?: string | null }[];
  pages?: { url: string; status: number }[];
  sample?: unknown;
  excerpt?: { url?: string; text?: string } | null;
  links?: { temporalUi?: string | null; api?: string | null };
  lastSuccessAt?: string | null;
  /** From the import's dossier (db/dossier-brief.ts): absent from incidents opened before the dossier existed. */
  dossier?: {
    unusualPoints: string[];
    runBook: { key: string; text: string }[];
    lastTime: { line: string } | null;
    link: string;
  };
}
