import { type Client, type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import { runSearchAttributes, scheduledRunWorkflowId, scheduleId, WORKFLOW_TYPES, type EnvironmentName, type ImportRunInput } from '../contracts';
import { catalogue } from '../importers/catalogue';
import { effectiveCron } from './schedule';
import { upsertSchedule } from './upsert-schedule';

/** How far back a schedule catches up after the cluster was down: a missed daily run is still worth making. */
export const RUN_SCHEDULE_CATCHUP_WINDOW = '6 hours';

/** An import's configuration as far as its schedule goes (an `import_configs` row). */
export interface ScheduledImport {
  importId: string;
  environment: EnvironmentName;
  importerKey: string;
  /** The client's own cron, else null: the importer's default is used, spread inside its hour. */
  schedule: string | null;
}

/** The cron an import runs on: its own, else its importer's default spread inside the hour (platform/schedule.ts). */
export function importCron(config: Pick<ScheduledImport, 'importId' | 'importerKey' | 'schedule'>): string {
  return effectiveCron({ importId: config.importId, schedule: config.schedule, defaultSchedule: catalogue.get(config.importerKey)?.defaultSchedule });
}

/** What an import's run schedule is, whoever creates it: the API, the staging deploy or the production saga. */
export interface RunSchedule {
  id: string;
  cron: string;
  options: Omit<ScheduleOptions, 'state'>;
}

/**
 * One Temporal Schedule per import and environment (`import-schedule:<importId>:<env>`) starting `importRun` on
 * the import's cron. Overlap: skip — a run still going (or quarantined, waiting for a decision) means the next one
 * is not started. Its runs' ids are `import-run:<importId>:<env>` plus the time Temporal appends.
 */
export function describeRunSchedule(config: ScheduledImport, taskQueue: string): RunSchedule {
  const { importId, environment } = config;
  const id = scheduleId(importId, environment);
  const cron = importCron(config);
  const attributes = runSearchAttributes(importId, environment);
  return {
    id,
    cron,
    options: {
      scheduleId: id,
      spec: { cronExpressions: [cron] },
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPES.importRun,
        workflowId: scheduledRunWorkflowId(importId, environment),
        taskQueue,
        args: [{ importId, environment, trigger: 'schedule' } satisfies ImportRunInput],
        typedSearchAttributes: attributes,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: RUN_SCHEDULE_CATCHUP_WINDOW },
      typedSearchAttributes: attributes,
    },
  };
}

export interface RunScheduleState {
  /** Left as it is on an existing schedule when undefined; a new one then runs. */
  paused?: boolean | undefined;
  /** The note of a new schedule, and of an existing one whose pause state is set. */
  note: string;
  /** The note of an existing schedule whose pause state is set, when it should differ from a new one's. */
  noteOnUpdate?: string;
}

/**
 * Creates the schedule, or — it exists — updates its cron and, when `paused` is given, its pause state, in one
 * update (a separate pause could be applied first and then undone by the update's state). Safe to repeat.
 */
export async function upsertRunSchedule(client: Client, schedule: RunSchedule, state: RunScheduleState): Promise<{ created: boolean }> {
  const { paused } = state;
  return upsertSchedule(client, { ...schedule.options, state: { paused: paused ?? false, note: state.note } }, (previous) => ({
    ...previous,
    spec: { cronExpressions: [schedule.cron] },
    ...(paused === undefined ? {} : { state: { ...previous.state, paused, note: state.noteOnUpdate ?? state.note } }),
  }));
}
