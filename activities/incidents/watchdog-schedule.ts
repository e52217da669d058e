import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { WATCHDOG_SCHEDULE_ID, WORKFLOW_TYPES, type WatchdogInput } from '../../contracts';

/**
 * Creates the watchdog's Temporal Schedule, or brings an existing one up to date (interval, task queue, grace):
 * called at every worker start, so it is idempotent. Overlap: skip — a slow sweep is never doubled.
 */
export async function ensureWatchdogSchedule(
  client: Client,
  options: { taskQueue: string; graceMs: number; everyMinutes?: number; scheduleId?: string },
): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = options.scheduleId ?? WATCHDOG_SCHEDULE_ID;
  const every = `${options.everyMinutes ?? 15} minutes`;
  const args: [WatchdogInput] = [{ graceMs: options.graceMs }];
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every }] },
      action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.watchdog, workflowId: `watchdog:${scheduleId}`, taskQueue: options.taskQueue, args },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: { note: 'Liaison watchdog: live imports whose schedule was missed' },
    });
    return { scheduleId, created: true };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({
      ...previous,
      spec: { intervals: [{ every }] },
      action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.watchdog, workflowId: `watchdog:${scheduleId}`, taskQueue: options.taskQueue, args },
    }));
    return { scheduleId, created: false };
  }
}
