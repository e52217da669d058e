import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { DEPLOY_COUNT_TOLERANCE, scheduleId, SEARCH_ATTRIBUTES, type DeploySource, type ImportRunInput } from '../../contracts';
import type { Database } from '../../db/client';
import * as q from '../../db/queries/deploys';
import { catalogue } from '../../importers/catalogue';
import { effectiveCron } from '../../platform/schedule';
import { ApplicationFailure } from '@temporalio/activity';
import { loadSnapshot } from './snapshot';
import { notFound } from './faults';

/** As the API's schedules: a missed daily run is still worth making within 6 hours. */
const CATCHUP_WINDOW = '6 hours';

/**
 * Copies the configuration to deploy (staging's reviewed row, or an earlier version's) to production and adds
 * the version row, in one transaction. Keyed by deploy id: a second call finds its version row and stops.
 */
export async function promote(db: Database, input: { deployId: string; importId: string; by: string; source: DeploySource }): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const done = await q.versionOfDeploy(tx, input.deployId);
    if (done) return { version: done.number };
    let row: q.PromotedConfig;
    let codeVersion: string;
    let reviewedBy: string | null;
    if (input.source.kind === 'staging') {
      const staging = await q.findImportConfig(tx, input.importId, 'staging');
      if (!staging) throw ApplicationFailure.create({ type: 'ImportNotConfigured', message: `Import ${input.importId} has no staging configuration to promote`, nonRetryable: true });
      row = staging;
      ({ codeVersion, reviewedBy } = input.source);
    } else {
      const number = input.source.number;
      const earlier = await q.findVersion(tx, input.importId, number);
      if (!earlier) throw notFound(`Import ${input.importId} has no production version ${number}`);
      row = { importerKey: earlier.importerKey, checks: earlier.checks, ...earlier.config };
      codeVersion = earlier.codeVersion;
      reviewedBy = earlier.reviewedBy;
    }
    await q.upsertProductionConfig(tx, input.importId, row);
    const version = await q.insertNextVersion(tx, {
      importId: input.importId,
      codeVersion,
      importerKey: row.importerKey,
      config: { config: row.config, fetchPolicy: row.fetchPolicy, schedule: row.schedule },
      checks: row.checks,
      reviewedBy,
      deployedBy: input.by,
      deployId: input.deployId,
    });
    await q.markStep(tx, input.deployId, 'promote', { version });
    return { version };
  });
}

/** Creates the production schedule paused, or updates its cron and pauses it. Safe to repeat. */
export async function ensurePausedSchedule(db: Database, temporal: Client, input: { deployId: string; importId: string; taskQueue: string }): Promise<{ scheduleId: string }> {
  const id = scheduleId(input.importId, 'production');
  const config = await q.findImportConfig(db, input.importId, 'production');
  if (!config) throw ApplicationFailure.create({ type: 'ImportNotConfigured', message: `Import ${input.importId} has no production configuration`, nonRetryable: true });
  const cron = effectiveCron({ importId: input.importId, schedule: config.schedule, defaultSchedule: catalogue.get(config.importerKey)?.defaultSchedule });
  const note = `paused by deploy ${input.deployId} until its first run is verified`;
  const attributes = [
    { key: SEARCH_ATTRIBUTES.ImportId, value: input.importId },
    { key: SEARCH_ATTRIBUTES.Environment, value: 'production' },
  ];
  try {
    await temporal.schedule.create({
      scheduleId: id,
      spec: { cronExpressions: [cron] },
      action: {
        type: 'startWorkflow',
        workflowType: 'importRun',
        workflowId: `import-run:${input.importId}:production`,
        taskQueue: input.taskQueue,
        args: [{ importId: input.importId, environment: 'production', trigger: 'schedule' } satisfies ImportRunInput],
        typedSearchAttributes: attributes,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW },
      state: { paused: true, note },
      typedSearchAttributes: attributes,
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    const handle = temporal.schedule.getHandle(id);
    // Spec and pause in one update: a separate pause could be applied first and then undone by the update's state.
    await handle.update((previous) => ({ ...previous, spec: { cronExpressions: [cron] }, state: { ...previous.state, paused: true, note } }));
  }
  await q.markStep(db, input.deployId, 'schedule', { scheduleId: id, cron });
  return { scheduleId: id };
}

export interface Verification {
  ok: boolean;
  problems: string[];
  openJobs: number;
  stagingValid: number | null;
}

/** The first production run applied, with no failing check, and production's size is staging's (±20 %). */
export async function verifyRun(db: Database, input: { importId: string; runId: string }): Promise<Verification> {
  const problems: string[] = [];
  const run = await q.findRun(db, input.runId);
  if (!run) throw notFound(`Run ${input.runId} does not exist`);
  if (run.status !== 'applied') problems.push(`the first production run is ${run.status}, not applied`);
  const failing = ((run.checks ?? []) as { check?: string; status?: string }[]).filter((c) => c.status === 'fail').map((c) => String(c.check));
  if (failing.length > 0) problems.push(`failing checks: ${failing.join(', ')}`);
  const open = await q.openProductionJobs(db, input.importId);
  const stagingCounts = await q.latestStagingCounts(db, input.importId);
  const stagingValid = typeof stagingCounts?.valid === 'number' ? stagingCounts.valid : null;
  // Without an applied staging run (none kept), there is nothing to compare with.
  if (stagingValid !== null && Math.abs(open - stagingValid) > DEPLOY_COUNT_TOLERANCE * stagingValid) {
    problems.push(`production has ${open} open jobs, staging's latest applied run ${stagingValid} valid ones (more than ±${DEPLOY_COUNT_TOLERANCE * 100} % apart)`);
  }
  return { ok: problems.length === 0, problems, openJobs: open, stagingValid };
}

/** Unpauses the schedule and makes the new version the live one (the previous live one is superseded). */
export async function goLive(db: Database, temporal: Client, input: { deployId: string; importId: string }): Promise<void> {
  await temporal.schedule.getHandle(scheduleId(input.importId, 'production')).unpause(`unpaused by deploy ${input.deployId}: its first run was verified`);
  await db.transaction(async (tx) => {
    await loadSnapshot(tx, input.deployId);
    await q.makeVersionLive(tx, input.importId, input.deployId);
    await q.markStep(tx, input.deployId, 'unpause', true);
  });
}
