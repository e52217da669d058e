import { Inject, Injectable } from '@nestjs/common';
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { scheduleId, SEARCH_ATTRIBUTES, type EnvironmentName, type ImportRunInput } from '../../../contracts';
import { catalogue } from '../../../importers/catalogue';
import { effectiveCron } from '../../../platform/schedule';
import type { ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { RunsService } from '../runs/runs.service';

/** How far back a schedule catches up after the cluster was down: a missed daily run is still worth making. */
const CATCHUP_WINDOW = '6 hours';

/**
 * One Temporal Schedule per import and environment (`import-schedule:<importId>:<env>`). Overlap: skip —
 * a run still going (or quarantined, waiting for a decision) means the next one is not started.
 */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Creates the schedule, or updates its cron when it exists. The cron is the import's, else the importer's default. */
  async upsert(importId: string, environment: EnvironmentName, options: { paused?: boolean | undefined }) {
    const cron = await this.cronFor(importId, environment);
    const id = scheduleId(importId, environment);
    const input: ImportRunInput = { importId, environment, trigger: 'schedule' };
    try {
      await this.client.schedule.create({
        scheduleId: id,
        spec: { cronExpressions: [cron] },
        action: {
          type: 'startWorkflow',
          workflowType: 'importRun',
          workflowId: `import-run:${importId}:${environment}`,
          taskQueue: this.config.taskQueue,
          args: [input],
          typedSearchAttributes: [
            { key: SEARCH_ATTRIBUTES.ImportId, value: importId },
            { key: SEARCH_ATTRIBUTES.Environment, value: environment },
          ],
        },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW },
        state: { paused: options.paused ?? false, note: options.paused ? 'created paused' : 'created' },
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.ImportId, value: importId },
          { key: SEARCH_ATTRIBUTES.Environment, value: environment },
        ],
      });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await this.client.schedule.getHandle(id).update((previous) => ({ ...previous, spec: { cronExpressions: [cron] } }));
      if (options.paused !== undefined) await (options.paused ? this.pause(importId, environment) : this.resume(importId, environment));
    }
    return this.describe(importId, environment);
  }

  /** The import's own cron, else its importer's default spread inside the hour (platform/schedule.ts). */
  private async cronFor(importId: string, environment: EnvironmentName): Promise<string> {
    const config = await this.runs.getConfig(importId, environment);
    return effectiveCron({ importId, schedule: config.schedule, defaultSchedule: catalogue.get(config.importerKey)?.defaultSchedule });
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
