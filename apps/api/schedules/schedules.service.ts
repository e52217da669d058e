import { Inject, Injectable } from '@nestjs/common';
import { type Client, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { scheduleId, type EnvironmentName } from '../../../contracts';
import { describeRunSchedule, importCron, upsertRunSchedule } from '../../../platform/run-schedule';
import type { ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { RunsService } from '../runs/runs.service';

/** The run schedules of imports through the API; what a schedule is, is platform/run-schedule.ts's. */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Creates the schedule, or updates its cron when it exists. The cron is the import's, else the importer's default. */
  async upsert(importId: string, environment: EnvironmentName, options: { paused?: boolean | undefined }) {
    const config = await this.runs.getConfig(importId, environment);
    const schedule = describeRunSchedule({ importId, environment, importerKey: config.importerKey, schedule: config.schedule }, this.config.taskQueue);
    const { paused } = options;
    await upsertRunSchedule(this.client, schedule, {
      paused,
      note: paused ? 'created paused' : 'created',
      noteOnUpdate: paused ? 'paused through the API' : 'resumed through the API',
    });
    return this.describe(importId, environment);
  }

  /** The import's own cron, else its importer's default spread inside the hour. */
  private async cronFor(importId: string, environment: EnvironmentName): Promise<string> {
    const config = await this.runs.getConfig(importId, environment);
    return importCron({ importId, importerKey: config.importerKey, schedule: config.schedule });
  }

  async describe(importId: string, environment: EnvironmentName) {
    const description = await this.call(importId, environment, (h) => h.describe());
    return {
      scheduleId: description.scheduleId,
      // Temporal stores a cron as calendar specs; the expression shown is the configured one.
      cron: await this.cronFor(importId, environment),
      paused: description.state.paused,
      note: description.state.note ?? null,
      nextActionTimes: description.info.nextActionTimes.slice(0, 5),
      recentActions: description.info.recentActions.map((a) => ({ scheduledAt: a.scheduledAt, takenAt: a.takenAt, workflowId: a.action.workflow.workflowId })),
      runningWorkflows: description.info.runningActions.map((a) => a.workflow.workflowId),
    };
  }

  async pause(importId: string, environment: EnvironmentName, note?: string) {
    await this.call(importId, environment, (h) => h.pause(note ?? 'paused through the API'));
    return this.describe(importId, environment);
  }

  async resume(importId: string, environment: EnvironmentName, note?: string) {
    await this.call(importId, environment, (h) => h.unpause(note ?? 'resumed through the API'));
    return this.describe(importId, environment);
  }

  /** Runs now, through the schedule (so its overlap policy applies). */
  async trigger(importId: string, environment: EnvironmentName) {
    await this.call(importId, environment, (h) => h.trigger());
    return this.describe(importId, environment);
  }

  /** Takes the actions the schedule would have taken between start and end (e.g. after a fix). */
  async backfill(importId: string, environment: EnvironmentName, start: string, end: string) {
    if (new Date(start) >= new Date(end)) throw new ApiError(400, 'invalid_request', 'Invalid body: start: must be before end');
    await this.call(importId, environment, (h) => h.backfill({ start: new Date(start), end: new Date(end), overlap: ScheduleOverlapPolicy.BUFFER_ALL }));
    return this.describe(importId, environment);
  }

  async remove(importId: string, environment: EnvironmentName) {
    await this.call(importId, environment, (h) => h.delete());
    return { deleted: scheduleId(importId, environment) };
  }

  private async call<T>(importId: string, environment: EnvironmentName, fn: (handle: ReturnType<Client['schedule']['getHandle']>) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client.schedule.getHandle(scheduleId(importId, environment)));
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new ApiError(404, 'schedule_not_found', `Import ${importId} has no ${environment} schedule`);
      throw err;
    }
  }
}
