import { log, proxyActivities } from '@temporalio/workflow';
import type { IncidentActivities } from '../activities/incidents/incidents.activities';
import type { WatchdogInput, WatchdogResult } from '../contracts';

/** One sweep is short; the next one comes with the schedule, so few retries. */
const acts = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * The watchdog, run by the `liaison-watchdog` Temporal Schedule: live imports whose last good production run is
 * older than twice their schedule's interval plus a grace get a `schedule_missed` report, sent to their health
 * workflow (which opens the incident, or adds to it, or ignores it when a run failure already explains it).
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
  return { checked, reported };
}
