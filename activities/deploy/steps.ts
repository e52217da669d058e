import type { Client } from '@temporalio/client';
import { DEPLOY_COUNT_TOLERANCE, scheduleId, type DeploySource } from '../../contracts';
import type { Database } from '../../db/client';
import * as q from '../../db/queries/deploys';
import { findImportConfig, upsertImportConfig, type ConfigValues } from '../../db/queries/import-configs';
import { describeRunSchedule, upsertRunSchedule } from '../../platform/run-schedule';
import { loadSnapshot } from './snapshot';
import { notFound } from './faults';
import { Failure, failure } from '../../contracts/failures';

/**
 * Copies the configuration to deploy (staging's reviewed row, or an earlier version's) to production and adds
 * the version row, in one transaction. Keyed by deploy id: a second call finds its version row and stops.
 */
export async function promote(db: Database, input: { deployId: string; importId: string; by: string; source: DeploySource }): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const done = await q.versionOfDeploy(tx, input.deployId);
    if (done) return { version: done.number };
    let row: ConfigValues;
    let codeVersion: string;
    let reviewedBy: string | null;
    if (input.source.kind === 'staging') {
      const staging = await findImportConfig(tx, input.importId, 'staging');
      if (!staging) throw failure(Failure.ImportNotConfigured, `Import ${input.importId} has no staging configuration to promote`);
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
    await upsertImportConfig(tx, input.importId, 'production', row);
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
  const config = await findImportConfig(db, input.importId, 'production');
  if (!config) throw failure(Failure.ImportNotConfigured, `Import ${input.importId} has no production configuration`);
  const schedule = describeRunSchedule({ importId: input.importId, environment: 'production', importerKey: config.importerKey, schedule: config.schedule }, input.taskQueue);
  await upsertRunSchedule(temporal, schedule, { paused: true, note: `paused by deploy ${input.deployId} until its first run is verified` });
  const { id, cron } = schedule;
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
  const open = await q.openJobCount(db, input.importId, 'production');
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
