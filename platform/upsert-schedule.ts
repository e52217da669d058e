import { type Client, ScheduleAlreadyRunning, type ScheduleDescription, type ScheduleOptions, type ScheduleUpdateOptions } from '@temporalio/client';

/**
 * The one way Liaison's schedules are written: create the Temporal Schedule, or — it already exists — apply
 * `update` to what it is now, in a single update (two updates could interleave with another writer). Safe to
 * repeat: every schedule is (re)written at each deploy or worker start.
 */
export async function upsertSchedule(
  client: Client,
  options: ScheduleOptions,
  update: (previous: ScheduleDescription) => ScheduleUpdateOptions,
): Promise<{ created: boolean }> {
  try {
    await client.schedule.create(options);
    return { created: true };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(options.scheduleId).update(update);
  return { created: false };
}
