import { defineQuery, defineUpdate } from '@temporalio/workflow';

export const ENVIRONMENT_NAMES = ['staging', 'production'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** Schedule id of an import in one environment; its runs get ids `import-run:<importId>:<env>:<time>`. */
export const scheduleId = (importId: string, environment: EnvironmentName): string => `import-schedule:${importId}:${environment}`;
export const runWorkflowId = (importId: string, environment: EnvironmentName, at: Date | string): string =>
  `import-run:${importId}:${environment}:${typeof at === 'string' ? at : at.toISOString()}`;
export const revertWorkflowId = (runId: string): string => `import-revert:${runId}`;

export interface ImportRunInput {
  importId: string;
  environment: EnvironmentName;
  /** How long a quarantined run waits for a human decision before discarding itself. Default 3 days. */
  quarantineTimeout?: string;
  trigger?: 'schedule' | 'manual' | 'deploy';
}

export type RunOutcome = 'applied' | 'quarantined' | 'discarded' | 'failed';

export interface ImportRunResult {
  runId: string;
  outcome: RunOutcome;
  counts: Record<string, number>;
  failedChecks: string[];
}

export interface RunDecision {
  decision: 'apply' | 'discard';
  by: string;
  comment?: string;
}

export interface ImportRunState {
  runId: string | null;
  phase: 'starting' | 'extracting' | 'checking' | 'quarantined' | 'applying' | 'done';
  outcome: RunOutcome | null;
  failedChecks: string[];
}

/** A human decision on a quarantined run: apply it anyway or discard it. Accepted only while quarantined. */
export const runDecisionUpdate = defineUpdate<ImportRunState, [RunDecision]>('runDecision');
export const runStateQuery = defineQuery<ImportRunState>('runState');

export interface RevertRunInput {
  runId: string;
  by: string;
  reason?: string;
}

/**
 * One document an extraction read in full, as it came (stored with its run, `runs.source_documents`): enough to
 * ask the server later whether it changed (ETag, Last-Modified) and to tell by its bytes when the server cannot
 * say (sha256 of the raw body, before any charset decoding; the content type is kept because the decoding depends
 * on it).
 */
export interface SourceDocument {
  url: string;
  accept: string | null;
  finalUrl: string;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  bytes: number;
}
