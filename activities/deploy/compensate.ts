import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { scheduleId, type DeployStep } from '../../contracts';
import type { Database } from '../../db/client';
import { deploySnapshots, importConfigs, importVersions, jobChanges, jobs, runs, type ProductionSnapshot } from '../../db/schema';
import { loadSnapshot, markStep, type Tx } from './snapshot';

/**
 * Undoes one step from the snapshot taken before the deploy. Each compensation sets production back to the
 * snapshot (it does not replay the step backwards), so it is safe to repeat and safe after a half-done step.
 */
export async function compensateStep(db: Database, temporal: Client, input: { deployId: string; step: DeployStep }): Promise<void> {
  const row = await loadSnapshot(db, input.deployId);
  const { snapshot, importId } = row;
  switch (input.step) {
    case 'run':
      await db.transaction((tx) => restoreJobs(tx, importId, snapshot, (row.steps.run as { runId?: string } | undefined)?.runId ?? null));
      break;
    case 'schedule':
      await restoreSchedule(temporal, importId, snapshot);
      break;
    case 'promote':
      await db.transaction((tx) => restoreConfigAndVersions(tx, importId, input.deployId, snapshot));
      break;
    case 'snapshot':
      // The snapshot step paused a running schedule (see takeSnapshot): it runs again as it did.
      await restoreSchedule(temporal, importId, snapshot);
      await db.update(deploySnapshots).set({ status: 'rolled_back', finishedAt: new Date() }).where(eq(deploySnapshots.deployId, input.deployId));
      break;
    // setup creates nothing (jobs are per import and environment); verify and unpause are undone by the
    // schedule's and the versions' compensations.
    default:
      break;
  }
  await markStep(db, input.deployId, `undo_${input.step}`, true);
}

/**
 * Jobs that existed before get their exact values back; jobs the deploy's run created are closed, never
 * deleted (they were open in production for a moment, so consumers may have seen them) — none stays open.
 * The run is marked reverted, with its changes, so later runs do not compare against it.
 */
async function restoreJobs(tx: Tx, importId: string, snapshot: ProductionSnapshot, runId: string | null): Promise<void> {
  // One statement for all of them (an import may have 200k jobs); rows already as they were are left alone.
  await tx.execute(sql`
    update jobs j set
      status = s.status, content_hash = s."contentHash", data = s.data, closed_at = s."closedAt"::timestamptz,
      updated_at = s."updatedAt"::timestamptz, last_changed_by_run = s."lastChangedByRun"::uuid
    from jsonb_to_recordset(${JSON.stringify(snapshot.jobs)}::jsonb)
      as s(id bigint, status text, "contentHash" text, data jsonb, "closedAt" text, "updatedAt" text, "lastChangedByRun" text)
    where j.id = s.id
      and (j.status, j.content_hash, j.data, j.closed_at, j.updated_at, j.last_changed_by_run)
        is distinct from (s.status, s."contentHash", s.data, s."closedAt"::timestamptz, s."updatedAt"::timestamptz, s."lastChangedByRun"::uuid)`);
  const known = snapshot.jobs.map((j) => j.id);
  await tx
    .update(jobs)
    .set({ status: 'closed', closedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.importId, importId), eq(jobs.environment, 'production'), eq(jobs.status, 'open'), ...(known.length > 0 ? [notInArray(jobs.id, known)] : [])));
  if (runId) {
    await tx.update(jobChanges).set({ revertedAt: sql`now()` }).where(and(eq(jobChanges.runId, runId), sql`${jobChanges.revertedAt} is null`));
    await tx.update(runs).set({ status: 'reverted' }).where(and(eq(runs.id, runId), inArray(runs.status, ['applied'])));
  }
}

async function restoreSchedule(temporal: Client, importId: string, snapshot: ProductionSnapshot): Promise<void> {
  const handle = temporal.schedule.getHandle(scheduleId(importId, 'production'));
  const before = snapshot.schedule;
  if (!before) {
    try {
      await handle.delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    return;
  }
  // The schedule existed before the deploy, so it still does: spec, pause and note go back in ONE update. (A
  // separate pause/unpause may be applied before the update, whose state — read before — would then undo it.)
  await handle.update((previous) => ({
    ...previous,
    spec: before.spec as typeof previous.spec,
    state: { ...previous.state, paused: before.paused, note: before.note ?? undefined },
  }));
  // Schedules apply changes asynchronously (a busy server can take seconds): wait until the description says so,
  // up to 30 s, else this activity fails and its retry starts over.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await handle.describe();
    const restored = d.state.paused === before.paused && (d.state.note || null) === (before.note || null);
    if (restored) return;
    if (Date.now() > deadline) {
      throw new Error(`The production schedule of import ${importId} was not restored yet: ${JSON.stringify(d.state)}, expected ${JSON.stringify({ paused: before.paused, note: before.note })}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function restoreConfigAndVersions(tx: Tx, importId: string, deployId: string, snapshot: ProductionSnapshot): Promise<void> {
  const where = and(eq(importConfigs.importId, importId), eq(importConfigs.environment, 'production'));
  const config = snapshot.config as (Record<string, unknown> & { updatedAt: string }) | null;
  if (!config) {
    await tx.delete(importConfigs).where(where);
  } else {
    const values = {
      importerKey: config.importerKey as string,
      config: config.config as Record<string, unknown>,
      checks: config.checks as Record<string, unknown>,
      fetchPolicy: config.fetchPolicy as Record<string, unknown>,
      schedule: config.schedule as string | null,
      updatedAt: sql`${config.updatedAt}::timestamptz`,
    };
    await tx
      .insert(importConfigs)
      .values({ importId, environment: 'production', ...values })
      .onConflictDoUpdate({ target: [importConfigs.importId, importConfigs.environment], set: values });
  }
  for (const v of snapshot.versions) {
    await tx.update(importVersions).set({ status: v.status as 'live' }).where(eq(importVersions.id, v.id));
  }
  await tx.update(importVersions).set({ status: 'rolled_back' }).where(eq(importVersions.deployId, deployId));
}
