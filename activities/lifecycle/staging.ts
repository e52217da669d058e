import { ApplicationFailure } from '@temporalio/activity';
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { scheduleId, SEARCH_ATTRIBUTES, type ImporterSubmission, type ImportRunInput } from '../../contracts';
import type { Database } from '../../db/client';
import { importConfigs, jobs, runs } from '../../db/schema';
import { catalogue } from '../../importers/catalogue';
import { effectiveCron } from '../../platform/schedule';
import { configProblem } from '../../importers/config-check';

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

/** As the API's schedules: a missed daily run is still worth making within 6 hours. */
const CATCHUP_WINDOW = '6 hours';

/** Activities of the staging deploy: the reviewed configuration, the staging schedule, and their undoing. */
export function createStagingActivities(deps: StagingDeps) {
  const { db } = deps;
  const temporal = (): Client => {
    if (deps.temporal) return deps.temporal;
    throw ApplicationFailure.create({ type: 'TemporalClientMissing', message: 'The worker was started without a Temporal client: staging schedules cannot be managed', nonRetryable: true });
  };
  const stagingSchedule = (importId: string) => temporal().schedule.getHandle(scheduleId(importId, 'staging'));

  return {
    /** Validates the reviewed importer configuration and stores it as the import's staging row. */
    async registerStagingConfig(input: { importId: string; submission: ImporterSubmission }): Promise<void> {
      const { submission } = input;
      const problem = configProblem(submission.importerKey, submission.config);
      if (problem) throw ApplicationFailure.create({ type: 'InvalidConfig', message: problem.message, nonRetryable: true, details: [problem] });
      const values = {
        importerKey: submission.importerKey,
        config: submission.config,
        checks: submission.checks,
        fetchPolicy: submission.fetchPolicy,
        schedule: submission.schedule,
        updatedAt: new Date(),
      };
      await db
        .insert(importConfigs)
        .values({ importId: input.importId, environment: 'staging', ...values })
        .onConflictDoUpdate({ target: [importConfigs.importId, importConfigs.environment], set: values });
    },

    /** Creates the staging schedule (or updates its cron), paused until the first staging run applies. */
    async ensureStagingSchedule(input: { importId: string; taskQueue: string; paused: boolean }): Promise<{ scheduleId: string }> {
      const id = scheduleId(input.importId, 'staging');
      const [config] = await db
        .select({ importerKey: importConfigs.importerKey, schedule: importConfigs.schedule })
        .from(importConfigs)
        .where(and(eq(importConfigs.importId, input.importId), eq(importConfigs.environment, 'staging')));
      if (!config) throw ApplicationFailure.create({ type: 'ImportNotConfigured', message: `Import ${input.importId} has no staging configuration`, nonRetryable: true });
      const cron = effectiveCron({ importId: input.importId, schedule: config.schedule, defaultSchedule: catalogue.get(config.importerKey)?.defaultSchedule });
      const note = input.paused ? 'created paused by the staging deploy' : 'created by the staging deploy';
      const attributes = [
        { key: SEARCH_ATTRIBUTES.ImportId, value: input.importId },
        { key: SEARCH_ATTRIBUTES.Environment, value: 'staging' },
      ];
      try {
        await temporal().schedule.create({
          scheduleId: id,
          spec: { cronExpressions: [cron] },
          action: {
            type: 'startWorkflow',
            workflowType: 'importRun',
            workflowId: `import-run:${input.importId}:staging`,
            taskQueue: input.taskQueue,
            args: [{ importId: input.importId, environment: 'staging', trigger: 'schedule' } satisfies ImportRunInput],
            typedSearchAttributes: attributes,
          },
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW },
          state: { paused: input.paused, note },
          typedSearchAttributes: attributes,
        });
      } catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
        const handle = stagingSchedule(input.importId);
        await handle.update((previous) => ({ ...previous, spec: { cronExpressions: [cron] } }));
        await (input.paused ? handle.pause(note) : handle.unpause(note));
      }
      return { scheduleId: id };
    },

    async setStagingSchedulePaused(input: { importId: string; paused: boolean; note: string }): Promise<void> {
      const handle = stagingSchedule(input.importId);
      await (input.paused ? handle.pause(input.note) : handle.unpause(input.note));
    },

    /** The staging run a workflow made, as recorded in Postgres (a failed run's id is not in its failure). */
    async stagingRunSummary(input: { workflowId: string }): Promise<StagingRunSummary> {
      const [run] = await db.select().from(runs).where(eq(runs.workflowId, input.workflowId));
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
      return db.transaction(async (tx) => {
        const closed = await tx
          .update(jobs)
          .set({ status: 'closed', closedAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(jobs.importId, input.importId), eq(jobs.environment, 'staging'), eq(jobs.status, 'open')))
          .returning({ id: jobs.id });
        const discarded = await tx
          .update(runs)
          .set({ status: 'discarded', decidedBy: input.by, finishedAt: sql`now()` })
          .where(and(eq(runs.importId, input.importId), eq(runs.environment, 'staging'), inArray(runs.status, ['running', 'extracted', 'quarantined'])))
          .returning({ id: runs.id });
        return { scheduleDeleted, jobsClosed: closed.length, runsDiscarded: discarded.length };
      });
    },
  };
}
