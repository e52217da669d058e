import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * The import lifecycle: one long-running workflow per import, id `import-lifecycle:<importId>`.
 * Stages after `estimated` are added by the lifecycle issue; the order here is the team's process.
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

export const IMPORT_KINDS = ['html', 'xml', 'json', 'jsonld'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const lifecycleWorkflowId = (importId: string): string => `import-lifecycle:${importId}`;

export interface LifecycleInput {
  importId: string;
  clientId: string;
  requestedBy: string;
}

export interface Decision {
  /** Stable id of the decision: the update id, so a retried activity never records it twice. */
  id: string;
  kind: 'requested' | 'estimate';
  actor: string;
  from: LifecycleStage | null;
  to: LifecycleStage;
  comment: string | null;
  at: string;
}

export interface LifecycleState {
  importId: string;
  clientId: string;
  stage: LifecycleStage;
  estimateDays: number | null;
  history: Decision[];
}

/** Longest estimate accepted, in working days: beyond it the request should be split. */
export const MAX_ESTIMATE_DAYS = 120;

export interface EstimateRequest {
  estimator: string;
  /** Working days, > 0. */
  days: number;
  comment?: string;
}

/** A developer's estimate. Accepted in `requested` (first estimate) and `estimated` (re-estimate). */
export const estimateUpdate = defineUpdate<LifecycleState, [EstimateRequest]>('estimate');
export const stateQuery = defineQuery<LifecycleState>('state');
