import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { WATCHDOG_SCHEDULE_ID, WORKFLOW_TYPES, type WatchdogInput } from '../../contracts';
import { upsertSchedule } from '../../platform/upsert-schedule';

/**
 * Creates the watchdog's Temporal Schedule, or brings an existing one up to date (interval, task queue, grace):
 * called at every worker start, so it is idempotent. Overlap: skip — a slow sweep is never doubled.
 */
export async function ensureWatchdogSchedule(
  client: Client,
  options: { taskQueue: string; graceMs: number; everyMinutes?: number; scheduleId?: string },
): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = options.scheduleId ?? WATCHDOG_SCHEDULE_ID;
  const spec = { intervals: [{ every: `${options.everyMinutes ?? 15} minutes` }] };
  const args: [WatchdogInput] = [{ graceMs: options.graceMs }];
  const action = { type: 'startWorkflow' as const, workflowType: WORKFLOW_TYPES.watchdog, workflowId: `watchdog:${scheduleId}`, taskQueue: options.taskQueue, args };
  const { created } = await upsertSchedule(
    client,
    {
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: { note: 'Liaison watchdog: live imports whose schedule was missed' },
    },
    (previous) => ({ ...previous, spec, action }),
  );
  return { scheduleId, created };
}
