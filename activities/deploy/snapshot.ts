import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { and, asc, eq, sql } from 'drizzle-orm';
import { scheduleId } from '../../contracts';
import type { Database } from '../../db/client';
import { deploySnapshots, importConfigs, importVersions, jobs, type ProductionSnapshot, type SnapshotSchedule } from '../../db/schema';
import { notFound } from './faults';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The production schedule as Temporal describes it, or null when there is none. */
export async function describeSchedule(temporal: Client, importId: string): Promise<SnapshotSchedule | null> {
  try {
    const d = await temporal.schedule.getHandle(scheduleId(importId, 'production')).describe();
    return { paused: d.state.paused, note: d.state.note ?? null, spec: JSON.parse(JSON.stringify(d.spec)) as Record<string, unknown> };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
}

/** Production's rows of one import: its config row, its jobs and its version statuses. */
export async function productionRows(db: Database | Tx, importId: string): Promise<Omit<ProductionSnapshot, 'schedule'>> {
  const [config] = await db
    .select({
      importId: importConfigs.importId,
      environment: importConfigs.environment,
      importerKey: importConfigs.importerKey,
      config: importConfigs.config,
      checks: importConfigs.checks,
      fetchPolicy: importConfigs.fetchPolicy,
      schedule: importConfigs.schedule,
      updatedAt: sql<string>`${importConfigs.updatedAt}::text`,
    })
    .from(importConfigs)
    .where(and(eq(importConfigs.importId, importId), eq(importConfigs.environment, 'production')));
  const jobRows = await db
    .select({
      id: jobs.id,
      externalId: jobs.externalId,
      status: jobs.status,
      contentHash: jobs.contentHash,
      data: jobs.data,
      // Text, so the microseconds Postgres keeps survive the round trip (a JS Date has milliseconds).
      closedAt: sql<string | null>`${jobs.closedAt}::text`,
      updatedAt: sql<string>`${jobs.updatedAt}::text`,
      lastChangedByRun: jobs.lastChangedByRun,
    })
    .from(jobs)
    .where(and(eq(jobs.importId, importId), eq(jobs.environment, 'production')))
    .orderBy(asc(jobs.id));
  const versions = await db.select({ id: importVersions.id, status: importVersions.status }).from(importVersions).where(eq(importVersions.importId, importId)).orderBy(asc(importVersions.id));
  return {
    config: config ?? null,
    jobs: jobRows,
    versions,
  };
}

/**
 * Writes the snapshot once: a retried or replayed step keeps the first one (taken before any change). Then the
 * production schedule, if there is one, is paused for the length of the deploy: a scheduled run firing between
 * this snapshot and the schedule step would otherwise change jobs that a compensation then sets back to the
 * snapshot, undoing that run. (The snapshot's compensation restores the schedule as it was.)
 */
export async function takeSnapshot(db: Database, temporal: Client, input: { deployId: string; importId: string; kind: 'deploy' | 'revert' }): Promise<{ jobs: number; schedule: boolean; config: boolean }> {
  const existing = await loadSnapshot(db, input.deployId).catch(() => null);
  const snapshot = existing?.snapshot ?? { ...(await productionRows(db, input.importId)), schedule: await describeSchedule(temporal, input.importId) };
  if (!existing) {
    await db.insert(deploySnapshots).values({ deployId: input.deployId, importId: input.importId, kind: input.kind, snapshot, steps: { snapshot: true } }).onConflictDoNothing();
  }
  if (snapshot.schedule && !snapshot.schedule.paused) {
    await temporal.schedule.getHandle(scheduleId(input.importId, 'production')).pause(`paused by deploy ${input.deployId} while it runs`);
  }
  return { jobs: snapshot.jobs.length, schedule: snapshot.schedule !== null, config: snapshot.config !== null };
}

export async function loadSnapshot(db: Database | Tx, deployId: string) {
  const [row] = await db.select().from(deploySnapshots).where(eq(deploySnapshots.deployId, deployId));
  if (!row) throw notFound(`Deploy ${deployId} has no snapshot`);
  return row;
}

/** Records what a step did (merged into `steps`), in the caller's transaction when given. */
export async function markStep(db: Database | Tx, deployId: string, step: string, value: unknown): Promise<void> {
  await db
    .update(deploySnapshots)
    .set({ steps: sql`${deploySnapshots.steps} || ${JSON.stringify({ [step]: value })}::jsonb` })
    .where(eq(deploySnapshots.deployId, deployId));
}
