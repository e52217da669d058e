import {
  type ActivityOptions,
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RunActivities } from '../activities/runs/runs.activities';
import type { ExtractionFailure } from '../activities/compartment/protocol';
import type { IncidentActivities } from '../activities/incidents/incidents.activities';
import {
  extractionTaskQueue,
  runDecisionUpdate,
  runStateQuery,
  SEARCH_ATTRIBUTES,
  type ImportRunInput,
  type ImportRunResult,
  type ImportRunState,
  type RunDecision,
  type RunOutcome,
} from '../contracts';
import { Failure, failure, finalFailure } from '../contracts/failures';
import { RETRY } from './retry-policies';

/** Short database steps: retried for a while if Postgres is away. */
const DB_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: RETRY.postgresStep,
};
const plainDb = proxyActivities<RunActivities>(DB_OPTIONS);

/** The extraction: long, heartbeating; transient fetch errors get a few spaced retries, permanent ones none. */
const extraction = proxyActivities<RunActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: RETRY.extraction,
});

/** Applying a large run takes one transaction of up to minutes. */
const APPLY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  retry: RETRY.longTransaction,
};
const apply = proxyActivities<RunActivities>(APPLY_OPTIONS);

/**
 * Since the 'extraction-queue' patch. Extraction on its own queue (`<taskQueue>-extraction`), polled by bounded
 * extraction workers, so a burst of runs never holds up workflow tasks or short database steps. Both long
 * activities heartbeat every few seconds: a worker killed mid-extraction or mid-apply is noticed after 15 s and the
 * activity retried on another one within seconds (the first retry of an extraction after 3 s, then 30 s for a
 * transient fetch error).
 */
const HEARTBEAT_TIMEOUT = '15 seconds';
const queuedExtraction = (taskQueue: string) =>
  proxyActivities<RunActivities>({
    taskQueue: extractionTaskQueue(taskQueue),
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    retry: RETRY.queuedExtraction,
  });
const heartbeatingApply = proxyActivities<RunActivities>({ ...APPLY_OPTIONS, heartbeatTimeout: HEARTBEAT_TIMEOUT });

/**
 * Since the 'fast-failover' patch. The worker sends heartbeats every 3 s whatever the timeout (its
 * `maxHeartbeatThrottleInterval`), so a 10 s heartbeat timeout leaves three beats of slack: a worker killed
 * mid-extraction or mid-apply is noticed within 10 s, and the extraction retried 1 s later (then 30 s for a
 * transient fetch error), the apply after its policy's 5 s — within the 20 s when a slot is free.
 */
const FAST_HEARTBEAT_TIMEOUT = '10 seconds';
const fastQueuedExtraction = (taskQueue: string) =>
  proxyActivities<RunActivities>({
    taskQueue: extractionTaskQueue(taskQueue),
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: FAST_HEARTBEAT_TIMEOUT,
    retry: RETRY.failoverExtraction,
  });
const fastApply = proxyActivities<RunActivities>({ ...APPLY_OPTIONS, heartbeatTimeout: FAST_HEARTBEAT_TIMEOUT });

/** Health reports (signal-with-start of the import's health workflow): retried while Temporal is away. */
const HEALTH_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: RETRY.postgresStep,
};
const health = proxyActivities<IncidentActivities>(HEALTH_OPTIONS);

/**
 * Since the 'db-step-heartbeat' patch. The short steps keep their 1-minute start-to-close (a check of a large run
 * on a loaded Postgres may need it) but the worker heartbeats every activity while it runs (platform/heartbeat.ts):
 * a worker killed mid-step is noticed after 10 s instead of 60 s, and the step retried on another worker 1 s later.
 */
const DB_HEARTBEAT_TIMEOUT = '10 seconds';
const heartbeatingDb = proxyActivities<RunActivities>({ ...DB_OPTIONS, heartbeatTimeout: DB_HEARTBEAT_TIMEOUT });
const heartbeatingHealth = proxyActivities<IncidentActivities>({ ...HEALTH_OPTIONS, heartbeatTimeout: DB_HEARTBEAT_TIMEOUT });

/**
 * One run of an import: extract → check → apply, or quarantine. Records are staged in Postgres and only
 * their run id passes through here. A run failing a check is quarantined (nothing applied, an alert
 * written) and waits for a human decision — apply anyway or discard — or discards itself after a while.
 * Over 80 lines on purpose: the run's whole story, read top to bottom with each `patched()` branch where recorded
 * histories need it; what can live apart (health report, failure description, proxies) already does.
 */
export async function importRun(input: ImportRunInput): Promise<ImportRunResult> {
  const state: ImportRunState = { runId: null, phase: 'starting', outcome: null, failedChecks: [] };
  let decision: RunDecision | null = null;
  const finish = (outcome: RunOutcome) => {
    state.outcome = outcome;
    state.phase = 'done';
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.RunOutcome, value: outcome }]);
  };

  setHandler(runStateQuery, () => state);
  setHandler(
    runDecisionUpdate,
    async (request: RunDecision) => {
      decision = request;
      await condition(() => state.phase !== 'quarantined');
      return state;
    },
    {
      validator: (request: RunDecision) => {
        if (state.phase !== 'quarantined' || decision !== null) {
          throw failure(Failure.WrongStage, `A decision is accepted only while the run is quarantined; it is ${state.phase}`);
        }
        if (request?.decision !== 'apply' && request?.decision !== 'discard') {
          throw failure(Failure.InvalidDecision, 'decision: must be "apply" or "discard"');
        }
        if (typeof request.by !== 'string' || request.by.trim() === '') {
          throw failure(Failure.InvalidDecision, 'by: required (who decides)');
        }
      },
    },
  );

  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.ImportId, value: input.importId },
    { key: SEARCH_ATTRIBUTES.Environment, value: input.environment },
  ]);
  const beating = patched('db-step-heartbeat');
  const db = beating ? heartbeatingDb : plainDb;
  const reportHealth = (runId: string, outcome: RunOutcome) => reportRunHealth(beating ? heartbeatingHealth : health, runId, outcome);
  /** The run ends `failed` with the apply's reason (since 'lean-run', the checks' too), an alert and an incident. */
  const failApply = async (runId: string, err: unknown): Promise<never> => {
    const failed = describeFailure(err, 'apply');
    await db.failRun({ runId, failure: failed });
    await reportHealth(runId, 'failed');
    finish('failed');
    throw finalFailure(failed, failed);
  };
  const { runId } = await db.startRun({ importId: input.importId, environment: input.environment, workflowId: workflowInfo().workflowId });
  state.runId = runId;

  state.phase = 'extracting';
  const queued = patched('extraction-queue');
  const fast = queued && patched('fast-failover');
  const extractor = fast ? fastQueuedExtraction(workflowInfo().taskQueue) : queued ? queuedExtraction(workflowInfo().taskQueue) : extraction;
  try {
    await extractor.extractRun({ runId });
  } catch (err) {
    const failed = describeFailure(err);
    await db.failRun({ runId, failure: failed });
    await reportHealth(runId, 'failed');
    finish('failed');
    throw finalFailure(failed, failed);
  }

  state.phase = 'checking';
  let checks: { passed: boolean; failedChecks: string[] };
  if (patched('lean-run')) {
    // Checks and apply in one activity, with the apply's timeouts and retries; a healthy import's good run reports
    // nothing. A good run is 3 activities instead of 5 (issue 12). Failing checks: quarantined below as before.
    let lean: Awaited<ReturnType<RunActivities['checkAndApplyRun']>>;
    try {
      lean = await fastApply.checkAndApplyRun({ runId });
    } catch (err) {
      return failApply(runId, err);
    }
    if (lean.applied) {
      if (lean.applied.reportHealth) await reportHealth(runId, 'applied');
      finish('applied');
      return { runId, outcome: 'applied', counts: { ...lean.applied.counts }, failedChecks: [] };
    }
    checks = lean;
  } else {
    checks = await db.checkRun({ runId });
  }
  if (!checks.passed) {
    state.failedChecks = checks.failedChecks;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.RunOutcome, value: 'quarantined' }]);
    await db.quarantineRun({ runId });
    // Only once the alert is written: whoever sees "quarantined" finds the alert, and a decision can't overtake it.
    state.phase = 'quarantined';
    await reportHealth(runId, 'quarantined');
    const decided = await condition(() => decision !== null, input.quarantineTimeout ?? '3 days');
    const made = decision as RunDecision | null;
    if (!decided || made === null || made.decision === 'discard') {
      state.phase = 'applying';
      await db.discardRun({ runId, by: made?.by ?? 'quarantine timeout' });
      finish('discarded');
      return { runId, outcome: 'discarded', counts: {}, failedChecks: state.failedChecks };
    }
  }

  state.phase = 'applying';
  const made = decision as RunDecision | null;
  let counts: Awaited<ReturnType<RunActivities['applyRun']>>;
  try {
    counts = await (fast ? fastApply : queued ? heartbeatingApply : apply).applyRun({ runId, ...(made ? { decidedBy: made.by } : {}) });
  } catch (err) {
    // An apply that failed for good (its staged records vanished in a Postgres crash, its retries spent) used to
    // fail the workflow and leave the run `extracted` forever, with no alert: it ends `failed` with the reason and
    // an incident like any failed run. Behind a patch: runs recorded before it replay as they failed.
    if (!patched('apply-failure-ends-run')) throw err;
    return failApply(runId, err);
  }
  await reportHealth(runId, 'applied');
  finish('applied');
  return { runId, outcome: 'applied', counts: { ...counts }, failedChecks: state.failedChecks };
}

/**
 * Tells the import's health workflow how the run ended — once per outcome, after the extraction's retries — so it
 * opens, adds to or resolves incidents. Behind a patch: runs recorded before it replay unchanged. A report that
 * still fails after its retries is logged, never fails the run.
 */
async function reportRunHealth(proxy: typeof health, runId: string, outcome: RunOutcome): Promise<void> {
  if (!patched('report-health')) return;
  try {
    await proxy.reportRunHealth({ runId, outcome });
  } catch (err) {
    log.warn('health report failed', { runId, outcome, error: String(err) });
  }
}

/** The step's own failure when it has one (type, URL, status…), else what Temporal reports. */
function describeFailure(err: unknown, step: 'extraction' | 'apply' = 'extraction'): ExtractionFailure {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const detail = cause.details?.[0] as ExtractionFailure | undefined;
    if (detail && typeof detail.type === 'string') return detail;
    return { type: cause.type ?? Failure.Error, message: cause.message, retryable: !cause.nonRetryable };
  }
  if (cause instanceof TimeoutFailure) {
    const who = step === 'extraction' ? 'the worker or the importer' : 'the worker or Postgres';
    return { type: Failure.ActivityTimeout, message: `The ${step} timed out (${cause.timeoutType}): ${who} stopped responding`, retryable: true };
  }
  return { type: Failure.Error, message: cause instanceof Error ? cause.message : String(cause), retryable: false };
}
