import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { DIGEST_SCHEDULE_ID, WORKFLOW_TYPES, type DailyDigestInput } from '../../contracts';

/**
 * Creates the daily digest's Temporal Schedule (07:00 Europe/Paris by default), or brings it up to date:
 * idempotent, for every worker start. The workflow id carries the schedule's action time, so a day's digest
 * is one workflow; overlap: skip.
 */
export async function ensureDigestSchedule(client: Client, options: { taskQueue: string; cron?: string; timezone?: string; scheduleId?: string }): Promise<{ scheduleId: string; created: boolean }> {
  const scheduleId = options.scheduleId ?? DIGEST_SCHEDULE_ID;
  const spec = { cronExpressions: [options.cron ?? '0 7 * * 1-5'], timezone: options.timezone ?? 'Europe/Paris' };
  const args: [DailyDigestInput] = [{}];
  const action = { type: 'startWorkflow' as const, workflowType: WORKFLOW_TYPES.dailyDigest, workflowId: `daily-digest:${scheduleId}`, taskQueue: options.taskQueue, args };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' }, state: { note: "Liaison: each account manager's daily digest" } });
    return { scheduleId, created: true };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    return { scheduleId, created: false };
  }
}
