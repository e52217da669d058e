import type { Client } from '@temporalio/client';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { DEPLOY_COUNT_TOLERANCE, scheduleId, type DeploySource } from '../../contracts';
import type { Database } from '../../db/client';
import { importConfigs, importVersions, jobs, runs } from '../../db/schema';
import { describeRunSchedule, upsertRunSchedule } from '../../platform/run-schedule';
import { loadSnapshot, markStep } from './snapshot';
import { notFound } from './faults';
import { Failure, failure } from '../../contracts/failures';

/**
 * Copies the configuration to deploy (staging's reviewed row, or an earlier version's) to production and adds
 * the version row, in one transaction. Keyed by deploy id: a second call finds its version row and stops.
 */
export async function promote(db: Database, input: { deployId: string; importId: string; by: string; source: DeploySource }): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const [done] = await tx.select({ number: importVersions.number }).from(importVersions).where(eq(importVersions.deployId, input.deployId));
    if (done) return { version: done.number };
    let row: { importerKey: string; config: Record<string, unknown>; checks: Record<string, unknown>; fetchPolicy: Record<string, unknown>; schedule: string | null };
    let codeVersion: string;
    let reviewedBy: string | null;
    if (input.source.kind === 'staging') {
      const [staging] = await tx
        .select()
        .from(importConfigs)
        .where(and(eq(importConfigs.importId, input.importId), eq(importConfigs.environment, 'staging')));
      if (!staging) throw failure(Failure.ImportNotConfigured, `Import ${input.importId} has no staging configuration to promote`);
      row = staging;
      ({ codeVersion, reviewedBy } = input.source);
    } else {
      const number = input.source.number;
      const [earlier] = await tx.select().from(importVersions).where(and(eq(importVersions.importId, input.importId), eq(importVersions.number, number)));
      if (!earlier) throw notFound(`Import ${input.importId} has no production version ${number}`);
      row = { importerKey: earlier.importerKey, checks: earlier.checks, ...earlier.config };
      codeVersion = earlier.codeVersion;
      reviewedBy = earlier.reviewedBy;
    }
    const values = { importerKey: row.importerKey, config: row.config, checks: row.checks, fetchPolicy: row.fetchPolicy, schedule: row.schedule, updatedAt: new Date() };
    await tx
      .insert(importConfigs)
      .values({ importId: input.importId, environment: 'production', ...values })
      .onConflictDoUpdate({ target: [importConfigs.importId, importConfigs.environment], set: values });
    const [{ next }] = (await tx.execute(sql`select coalesce(max(number), 0) + 1 as next from import_versions where import_id = ${input.importId}`)) as unknown as [{ next: number }];
    await tx.insert(importVersions).values({
      importId: input.importId,
      number: Number(next),
      codeVersion,
      importerKey: row.importerKey,
      config: { config: row.config, fetchPolicy: row.fetchPolicy, schedule: row.schedule },
      checks: row.checks,
      reviewedBy,
      deployedBy: input.by,
      deployId: input.deployId,
    });
    await markStep(tx, input.deployId, 'promote', { version: Number(next) });
    return { version: Number(next) };
  });
}

/** Creates the production schedule paused, or updates its cron and pauses it. Safe to repeat. */
export async function ensurePausedSchedule(db: Database, temporal: Client, input: { deployId: string; importId: string; taskQueue: string }): Promise<{ scheduleId: string }> {
  const [config] = await db
    .select({ importerKey: importConfigs.importerKey, schedule: importConfigs.schedule })
    .from(importConfigs)
    .where(and(eq(importConfigs.importId, input.importId), eq(importConfigs.environment, 'production')));
  if (!config) throw failure(Failure.ImportNotConfigured, `Import ${input.importId} has no production configuration`);
  const schedule = describeRunSchedule({ importId: input.importId, environment: 'production', ...config }, input.taskQueue);
  await upsertRunSchedule(temporal, schedule, { paused: true, note: `paused by deploy ${input.deployId} until its first run is verified` });
  const { id, cron } = schedule;
  await markStep(db, input.deployId, 'schedule', { scheduleId: id, cron });
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
  const [run] = await db.select().from(runs).where(eq(runs.id, input.runId));
  if (!run) throw notFound(`Run ${input.runId} does not exist`);
  if (run.status !== 'applied') problems.push(`the first production run is ${run.status}, not applied`);
  const failing = ((run.checks ?? []) as { check?: string; status?: string }[]).filter((c) => c.status === 'fail').map((c) => String(c.check));
  if (failing.length > 0) problems.push(`failing checks: ${failing.join(', ')}`);
  const [{ open }] = await db
    .select({ open: sql<number>`count(*)::int` })
    .from(jobs)
    .where(and(eq(jobs.importId, input.importId), eq(jobs.environment, 'production'), eq(jobs.status, 'open'))) as [{ open: number }];
  const [staging] = await db
    .select({ counts: runs.counts })
    .from(runs)
    .where(and(eq(runs.importId, input.importId), eq(runs.environment, 'staging'), inArray(runs.status, ['applied'])))
    .orderBy(desc(runs.startedAt))
    .limit(1);
  const stagingValid = typeof staging?.counts.valid === 'number' ? staging.counts.valid : null;
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
    await tx
      .update(importVersions)
      .set({ status: 'superseded' })
      .where(and(eq(importVersions.importId, input.importId), eq(importVersions.status, 'live')));
    await tx.update(importVersions).set({ status: 'live' }).where(eq(importVersions.deployId, input.deployId));
    await markStep(tx, input.deployId, 'unpause', true);
  });
}
