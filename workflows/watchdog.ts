import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { IncidentActivities } from '../activities/incidents/incidents.activities';
import type { RunActivities } from '../activities/runs/runs.activities';
import type { WatchdogInput, WatchdogResult } from '../contracts';
import { RETRY } from './retry-policies';

/** One sweep is short; the next one comes with the schedule, so few retries. */
const acts = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '1 minute',
  retry: RETRY.sweep,
});

/** Deleting a few runs' staged records: a few seconds at most. */
const runs = proxyActivities<RunActivities>({
  startToCloseTimeout: '5 minutes',
  retry: RETRY.sweepPrune,
});

/**
 * The watchdog, run by the `liaison-watchdog` Temporal Schedule: live imports whose last good production run is
 * older than twice their schedule's interval plus a grace get a `schedule_missed` report, sent to their health
 * workflow (which opens the incident, or adds to it, or ignores it when a run failure already explains it) — and
 * staged records that no run can use any more are deleted (activities/runs/stages.ts).
 */
export async function watchdog(input: WatchdogInput): Promise<WatchdogResult> {
  const { checked, overdue } = await acts.findOverdueImports({ graceMs: input.graceMs, ...(input.onlyImports ? { onlyImports: input.onlyImports } : {}) });
  const reported: WatchdogResult['reported'] = [];
  for (const item of overdue) {
    try {
      await acts.reportScheduleMissed({ importId: item.importId, environment: item.environment, lastSuccessAt: item.lastSuccessAt, summary: item.summary });
      reported.push({ importId: item.importId, environment: item.environment });
    } catch (err) {
      // One import's report failing must not hide the others; the next sweep tries again.
      log.warn('schedule_missed report failed', { importId: item.importId, error: String(err) });
    }
  }
  // Runs left under way that nothing will finish (workflow ended, staged records gone) end `failed` with the reason
  // and open an incident like any failed run (a patch: sweeps recorded before replay as they were).
  let failedRuns: WatchdogResult['failedRuns'];
  if (patched('reconcile-runs')) failedRuns = await reconcileRuns(input);
  const found = failedRuns ? { failedRuns } : {};
  // Each sweep also frees the staged records no run can use any more (a patch: sweeps recorded before replay as they were).
  if (!patched('prune-stages')) return { checked, reported, ...found };
  let pruned: WatchdogResult['pruned'];
  try {
    pruned = await runs.pruneStages({ olderThanMs: input.stageRetentionMs ?? 60 * 60_000, ...(input.onlyImports ? { onlyImports: input.onlyImports } : {}) });
  } catch (err) {
    log.warn('pruning staged records failed', { error: String(err) });
  }
  return { checked, reported, ...(pruned ? { pruned } : {}), ...found };
}

/** Fails each stranded run (row, alert) and reports it to its import's health workflow; one failing doesn't stop the rest. */
async function reconcileRuns(input: WatchdogInput): Promise<NonNullable<WatchdogResult['failedRuns']>> {
  const failed: NonNullable<WatchdogResult['failedRuns']> = [];
  let stranded: Awaited<ReturnType<IncidentActivities['findStrandedRuns']>>;
  try {
    stranded = await acts.findStrandedRuns({ minAgeMs: input.strandedAfterMs ?? 10 * 60_000, ...(input.onlyImports ? { onlyImports: input.onlyImports } : {}) });
  } catch (err) {
    log.warn('finding stranded runs failed', { error: String(err) });
    return failed;
  }
  for (const run of stranded) {
    try {
      await runs.failRun({ runId: run.runId, failure: run.failure });
      await acts.reportRunHealth({ runId: run.runId, outcome: 'failed' });
      failed.push({ runId: run.runId, type: run.failure.type });
    } catch (err) {
      log.warn('failing a stranded run failed', { runId: run.runId, error: String(err) });
    }
  }
  return failed;
}
