import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import { scheduleId, type ImporterSubmission } from '../../contracts';
import type { Database } from '../../db/client';
import { findImportConfig, upsertImportConfig } from '../../db/queries/import-configs';
import { closeStaging, runOfWorkflow } from '../../db/queries/lifecycle';
import { describeRunSchedule, upsertRunSchedule } from '../../platform/run-schedule';
import { configProblem } from '../../importers/config-check';
import { Failure, failure } from '../../contracts/failures';

export interface StagingDeps {
  db: Database;
  /** Schedules are Temporal objects: without a client, staging cannot be deployed. */
  temporal?: Client | undefined;
}

export interface StagingRunSummary {
  runId: string | null;
  status: string | null;
  failedChecks: string[];
  error: { type: string; message: string } | null;
  counts: Record<string, number>;
}

/** Activities of the staging deploy: the reviewed configuration, the staging schedule, and their undoing. */
export function createStagingActivities(deps: StagingDeps) {
  const { db } = deps;
  const temporal = (): Client => {
    if (deps.temporal) return deps.temporal;
    throw failure(Failure.TemporalClientMissing, 'The worker was started without a Temporal client: staging schedules cannot be managed');
  };
  const stagingSchedule = (importId: string) => temporal().schedule.getHandle(scheduleId(importId, 'staging'));

  return {
    /** Validates the reviewed importer configuration and stores it as the import's staging row. */
    async registerStagingConfig(input: { importId: string; submission: ImporterSubmission }): Promise<void> {
      const { submission } = input;
      const problem = configProblem(submission.importerKey, submission.config);
      if (problem) throw failure(Failure.InvalidConfig, problem.message, problem);
      await upsertImportConfig(db, input.importId, 'staging', submission);
    },

    /** Creates the staging schedule (or updates its cron), paused until the first staging run applies. */
    async ensureStagingSchedule(input: { importId: string; taskQueue: string; paused: boolean }): Promise<{ scheduleId: string }> {
      const config = await findImportConfig(db, input.importId, 'staging');
      if (!config) throw failure(Failure.ImportNotConfigured, `Import ${input.importId} has no staging configuration`);
      const schedule = describeRunSchedule({ importId: input.importId, environment: 'staging', importerKey: config.importerKey, schedule: config.schedule }, input.taskQueue);
      await upsertRunSchedule(temporal(), schedule, { paused: input.paused, note: input.paused ? 'created paused by the staging deploy' : 'created by the staging deploy' });
      return { scheduleId: schedule.id };
    },

    async setStagingSchedulePaused(input: { importId: string; paused: boolean; note: string }): Promise<void> {
      const handle = stagingSchedule(input.importId);
      await (input.paused ? handle.pause(input.note) : handle.unpause(input.note));
    },

    /** The staging run a workflow made, as recorded in Postgres (a failed run's id is not in its failure). */
    async stagingRunSummary(input: { workflowId: string }): Promise<StagingRunSummary> {
      const run = await runOfWorkflow(db, input.workflowId);
      if (!run) return { runId: null, status: null, failedChecks: [], error: null, counts: {} };
      const checks = (run.checks ?? []) as { check?: string; status?: string }[];
      const error = run.error as { type?: unknown; message?: unknown } | null;
      return {
        runId: run.id,
        status: run.status,
        failedChecks: checks.filter((c) => c.status === 'fail').map((c) => String(c.check)),
        error: error ? { type: String(error.type ?? 'Error'), message: String(error.message ?? '') } : null,
        counts: Object.fromEntries(Object.entries(run.counts).filter((e): e is [string, number] => typeof e[1] === 'number')),
      };
    },

    /**
     * Undoes the staging set-up of a cancelled import: the schedule is deleted, open staging jobs closed (never
     * deleted), unfinished staging runs marked discarded. Safe to repeat.
     */
    async teardownStaging(input: { importId: string; by: string }): Promise<{ scheduleDeleted: boolean; jobsClosed: number; runsDiscarded: number }> {
      let scheduleDeleted = false;
      try {
        await stagingSchedule(input.importId).delete();
        scheduleDeleted = true;
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
      return { scheduleDeleted, ...(await closeStaging(db, input.importId, input.by)) };
    },
  };
}
