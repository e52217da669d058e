/**
 * The production deploy saga: a child workflow `productionDeploy` of the lifecycle, id = its deploy id
 * (`production-deploy:<importId>:<n>`). Every step is an idempotent activity keyed by the deploy id; a failed
 * step runs the compensations of the steps done, in reverse, and raises a `deploy_failed` alert.
 */
export const DEPLOY_STEPS = ['snapshot', 'setup', 'promote', 'schedule', 'run', 'verify', 'unpause'] as const;
export type DeployStep = (typeof DEPLOY_STEPS)[number];

export const deployWorkflowId = (importId: string, n: number): string => `production-deploy:${importId}:${n}`;

/** Where the configuration to deploy comes from: the reviewed staging row, or an earlier production version. */
export type DeploySource = { kind: 'staging'; codeVersion: string; reviewedBy: string | null } | { kind: 'version'; number: number };

export interface ProductionDeployInput {
  importId: string;
  /** Key of every step's idempotency; also the workflow id. */
  deployId: string;
  /** Who deploys (a lead or ops). */
  by: string;
  source: DeploySource;
  /** How long the first production run waits in quarantine before discarding itself (then the deploy fails). */
  quarantineTimeout?: string;
}

export type ProductionDeployResult =
  | { ok: true; /** The new `import_versions` number. */ version: number; runId: string }
  | { ok: false; failedStep: DeployStep; error: { type: string; message: string } };

/** Default quarantine wait of the first production run. */
export const DEFAULT_DEPLOY_QUARANTINE_TIMEOUT = '10 minutes';
/** Production's open jobs after the first run must be within this ratio of staging's latest applied valid count. */
export const DEPLOY_COUNT_TOLERANCE = 0.2;
