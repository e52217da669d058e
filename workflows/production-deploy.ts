import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, executeChild, log, ParentClosePolicy, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DeployActivities } from '../activities/deploy/deploy.activities';
import type { IncidentActivities } from '../activities/incidents/incidents.activities';
import {
  DEFAULT_DEPLOY_QUARANTINE_TIMEOUT,
  type DeployStep,
  type ImportRunInput,
  type ImportRunResult,
  type ProductionDeployInput,
  type ProductionDeployResult,
} from '../contracts';
import type { importRun } from './import-run';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/** The steps: short Postgres or Temporal calls, retried while either is away, never past a permanent error. */
const steps = proxyActivities<DeployActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 20, nonRetryableErrorTypes: ['InjectedFault', 'VerificationFailed', 'DeployNotFound', 'ImportNotConfigured', 'TemporalClientMissing'] },
});

/** Compensations must happen: they retry for much longer (≈ a day) before the saga gives up. */
const undo = proxyActivities<DeployActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { ...retry, maximumInterval: '10 minutes', maximumAttempts: 150, nonRetryableErrorTypes: ['DeployNotFound', 'TemporalClientMissing'] },
});

/** Health reports: retried while Temporal is away. */
const health = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { ...retry, maximumAttempts: 30, nonRetryableErrorTypes: ['TemporalClientMissing'] },
});

/**
 * The production deploy saga (a child of the lifecycle; its workflow id is the deploy id). Each step is an
 * idempotent activity keyed by the deploy id; the first production run is a child `importRun`. When a step
 * fails, the compensations of the steps reached (the failed one included: it may have half-happened) run in
 * reverse from the snapshot, and a `deploy_failed` alert is raised.
 */
export async function productionDeploy(input: ProductionDeployInput): Promise<ProductionDeployResult> {
  // Histories recorded before fault injection moved to the test worker carry a `faults` field here: ignored.
  const { importId, deployId } = input;
  const base = { importId, deployId };
  const reached: DeployStep[] = [];
  const step = async <T>(name: DeployStep, fn: () => Promise<T>): Promise<T> => {
    reached.push(name);
    return fn();
  };

  try {
    await step('snapshot', () => steps.deploySnapshot({ ...base, kind: input.source.kind === 'staging' ? 'deploy' : 'revert' }));
    await step('setup', () => steps.deploySetup(base));
    const { version } = await step('promote', () => steps.deployPromote({ ...base, by: input.by, source: input.source }));
    await step('schedule', () => steps.deploySchedule({ ...base, taskQueue: workflowInfo().taskQueue }));
    const run = await step('run', () => firstRun(input));
    await step('verify', () => steps.deployVerify({ ...base, runId: run.runId }));
    await step('unpause', () => steps.deployUnpause(base));
    return { ok: true, version, runId: run.runId };
  } catch (err) {
    const failedStep = reached[reached.length - 1]!;
    const error = describe(err);
    for (const done of [...reached].reverse()) await undo.deployCompensate({ deployId, step: done });
    await undo.deployIncident({ deployId, importId, workflowId: workflowInfo().workflowId, step: failedStep, error, compensated: [...reached].reverse() });
    // The import's health workflow opens (or adds to) its deploy_failed incident; deploys recorded before replay as they were.
    if (patched('report-health')) {
      await health.reportDeployHealth({ importId, deployId, workflowId: workflowInfo().workflowId, step: failedStep, error }).catch((e: unknown) => log.warn('health report failed', { deployId, error: String(e) }));
    }
    return { ok: false, failedStep, error };
  }
}

/** The first production run, as a child; its end (any outcome) is recorded, then judged by `verify`. */
async function firstRun(input: ProductionDeployInput): Promise<{ runId: string }> {
  const runWorkflowId = `import-run:${input.importId}:production:${input.deployId}`;
  let result: ImportRunResult | null = null;
  let failure: unknown = null;
  try {
    result = await executeChild<typeof importRun>('importRun', {
      workflowId: runWorkflowId,
      args: [{ importId: input.importId, environment: 'production', trigger: 'deploy', quarantineTimeout: input.quarantineTimeout ?? DEFAULT_DEPLOY_QUARANTINE_TIMEOUT } satisfies ImportRunInput],
      // The run belongs to the deploy: a deploy that ends (or is terminated) does not leave it applying.
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      staticSummary: `First production run of deploy ${input.deployId}`,
    });
  } catch (err) {
    failure = err;
  }
  await steps.deployRecordRun({ importId: input.importId, deployId: input.deployId, runId: result?.runId ?? null, runWorkflowId });
  if (failure) throw failure;
  return { runId: result!.runId };
}

function describe(err: unknown): { type: string; message: string } {
  let cause: unknown = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'Error', message: cause.message };
  return { type: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}
