import { and, asc, desc, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { alerts, deploySnapshots, importConfigs, importVersions, jobChanges, jobs, runs, type ProductionSnapshot } from '../schema';

/**
 * The production deploy saga's rows (activities/deploy): the snapshot taken before a deploy and what each step
 * did, the version rows, and the statements that set production back to a snapshot. Drizzle throughout, inside
 * the caller's transaction when one is given.
 */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Db = Database | Tx;
export type DeploySnapshot = typeof deploySnapshots.$inferSelect;
export type ImportVersion = typeof importVersions.$inferSelect;

/**
 * Production's rows of one import: its config row, its jobs and its version statuses. test/support/deploy.ts
 * (`production`) reads much the same again on purpose, as the deploy tests' independent oracle: keep them apart.
 */
export async function productionRows(db: Db, importId: string): Promise<Omit<ProductionSnapshot, 'schedule'>> {
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
  return { config: config ?? null, jobs: jobRows, versions };
}

/** Writes the snapshot once: a retried or replayed step keeps the first one. */
export async function insertSnapshot(db: Db, row: Pick<DeploySnapshot, 'deployId' | 'importId' | 'kind' | 'snapshot'>): Promise<void> {
  await db.insert(deploySnapshots).values({ ...row, steps: { snapshot: true } }).onConflictDoNothing();
}

export async function findSnapshot(db: Db, deployId: string): Promise<DeploySnapshot | undefined> {
  const [row] = await db.select().from(deploySnapshots).where(eq(deploySnapshots.deployId, deployId));
  return row;
}

/** Records what a step did (merged into `steps`). */
export async function markStep(db: Db, deployId: string, step: string, value: unknown): Promise<void> {
  await db
    .update(deploySnapshots)
    .set({ steps: sql`${deploySnapshots.steps} || ${JSON.stringify({ [step]: value })}::jsonb` })
    .where(eq(deploySnapshots.deployId, deployId));
}

export async function finishSnapshot(db: Db, deployId: string, status: 'completed' | 'rolled_back'): Promise<void> {
  await db.update(deploySnapshots).set({ status, finishedAt: new Date() }).where(eq(deploySnapshots.deployId, deployId));
}

/**
 * Jobs that existed before get their exact values back; jobs the deploy's run created are closed, never
 * deleted (they were open in production for a moment, so consumers may have seen them) — none stays open.
 * The run is marked reverted, with its changes, so later runs do not compare against it.
 */
export async function restoreJobs(tx: Tx, importId: string, snapshot: ProductionSnapshot, runId: string | null): Promise<void> {
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

/** Production's config row as the snapshot holds it (none: deleted), and every version's status as it was. */
export async function restoreConfigAndVersions(tx: Tx, importId: string, deployId: string, snapshot: ProductionSnapshot): Promise<void> {
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

export async function versionOfDeploy(db: Db, deployId: string): Promise<Pick<ImportVersion, 'number'> | undefined> {
  const [done] = await db.select({ number: importVersions.number }).from(importVersions).where(eq(importVersions.deployId, deployId));
  return done;
}

export async function findVersion(db: Db, importId: string, number: number): Promise<ImportVersion | undefined> {
  const [row] = await db.select().from(importVersions).where(and(eq(importVersions.importId, importId), eq(importVersions.number, number)));
  return row;
}

/** Adds the import's next version row; returns its number. */
export async function insertNextVersion(db: Db, version: Omit<typeof importVersions.$inferInsert, 'number'>): Promise<number> {
  const [{ next }] = (await db.execute(sql`select coalesce(max(number), 0) + 1 as next from import_versions where import_id = ${version.importId}`)) as unknown as [{ next: number }];
  await db.insert(importVersions).values({ ...version, number: Number(next) });
  return Number(next);
}

/** The deploy's version becomes the live one; the previous live one is superseded. */
export async function makeVersionLive(db: Db, importId: string, deployId: string): Promise<void> {
  await db.update(importVersions).set({ status: 'superseded' }).where(and(eq(importVersions.importId, importId), eq(importVersions.status, 'live')));
  await db.update(importVersions).set({ status: 'live' }).where(eq(importVersions.deployId, deployId));
}

/** The live version's number and its latest superseded predecessor's. */
export async function liveAndPreviousVersion(db: Db, importId: string): Promise<{ live: number; previous: number | null } | null> {
  const [live] = await db.select({ number: importVersions.number }).from(importVersions).where(and(eq(importVersions.importId, importId), eq(importVersions.status, 'live')));
  if (!live) return null;
  const [previous] = await db
    .select({ number: importVersions.number })
    .from(importVersions)
    .where(and(eq(importVersions.importId, importId), eq(importVersions.status, 'superseded'), lt(importVersions.number, live.number)))
    .orderBy(desc(importVersions.number))
    .limit(1);
  return { live: live.number, previous: previous?.number ?? null };
}

export async function findRun(db: Db, runId: string): Promise<typeof runs.$inferSelect | undefined> {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  return run;
}

/** Open jobs of the import in the environment. */
export async function openJobCount(db: Db, importId: string, environment: (typeof jobs.$inferSelect)['environment']): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(jobs)
    .where(and(eq(jobs.importId, importId), eq(jobs.environment, environment), eq(jobs.status, 'open')));
  return Number(row?.n ?? 0);
}

/** The counts of staging's latest applied run. */
export async function latestStagingCounts(db: Db, importId: string): Promise<(typeof runs.$inferSelect)['counts'] | undefined> {
  const [staging] = await db
    .select({ counts: runs.counts })
    .from(runs)
    .where(and(eq(runs.importId, importId), eq(runs.environment, 'staging'), inArray(runs.status, ['applied'])))
    .orderBy(desc(runs.startedAt))
    .limit(1);
  return staging?.counts;
}

type AlertInsert = typeof alerts.$inferInsert;

/** The deploy's alert, once: one per summary (which names the deploy). */
export async function insertDeployAlertOnce(db: Db, alert: AlertInsert): Promise<number> {
  const [existing] = await db.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.importId, alert.importId), eq(alerts.kind, alert.kind), eq(alerts.summary, alert.summary)));
  if (existing) return existing.id;
  const [row] = await db.insert(alerts).values(alert).returning({ id: alerts.id });
  return row!.id;
}
