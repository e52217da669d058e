import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { DIGEST_SCHEDULE_ID, WORKFLOW_TYPES, type DailyDigestInput } from '../../contracts';
import { upsertSchedule } from '../../platform/upsert-schedule';

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
  const { created } = await upsertSchedule(
    client,
    { scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' }, state: { note: "Liaison: each account manager's daily digest" } },
    (previous) => ({ ...previous, spec, action }),
  );
  return { scheduleId, created };
}
