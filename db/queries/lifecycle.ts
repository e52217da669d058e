import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { QUEUE_STAGES } from '../../contracts';
import type { Database } from '../client';
import { alerts, importBlockers, importDecisions, importPlans, imports, jobs, notifications, runs } from '../schema';
import type { Tx } from './deploys';

/**
 * What the lifecycle's activities read and write: decisions and what they change (the import row, its plan and
 * blockers), the queue, staging's runs and jobs, alerts, notifications.
 */
export type Run = typeof runs.$inferSelect;
type ImportRow = typeof imports.$inferSelect;
type PlanRow = typeof importPlans.$inferSelect;
type BlockerRow = typeof importBlockers.$inferSelect;

/**
 * An import's rank in the development queue: imports in QUEUE_STAGES ordered by priority (1 first), then
 * wanted date (earliest first; none last), then filing order. Undefined when it is in no queue stage.
 */
export async function queuePosition(db: Database, importId: string): Promise<number | undefined> {
  const stages = sql.join(
    QUEUE_STAGES.map((stage) => sql`${stage}`),
    sql`, `,
  );
  const rows = await db.execute<{ position: number }>(sql`
    select q.position::int as position from (
      select i.id, row_number() over (order by i.priority, p.wanted_date nulls last, i.created_at, i.id) as position
      from imports i left join import_plans p on p.import_id = i.id
      where i.stage in (${stages})
    ) q
    where q.id = ${importId}`);
  const [row] = rows;
  return row ? Number(row.position) : undefined;
}

export async function runOfWorkflow(db: Database, workflowId: string): Promise<Run | undefined> {
  const [run] = await db.select().from(runs).where(eq(runs.workflowId, workflowId));
  return run;
}

export async function findRunStatus(db: Database, runId: string): Promise<Pick<Run, 'status' | 'checks'> | undefined> {
  const [run] = await db.select({ status: runs.status, checks: runs.checks }).from(runs).where(eq(runs.id, runId));
  return run;
}

/** Open staging jobs closed (never deleted), unfinished staging runs discarded; returns how many of each. */
export function closeStaging(db: Database, importId: string, by: string): Promise<{ jobsClosed: number; runsDiscarded: number }> {
  return db.transaction(async (tx) => {
    const closed = await tx
      .update(jobs)
      .set({ status: 'closed', closedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(jobs.importId, importId), eq(jobs.environment, 'staging'), eq(jobs.status, 'open')))
      .returning({ id: jobs.id });
    const discarded = await tx
      .update(runs)
      .set({ status: 'discarded', decidedBy: by, finishedAt: sql`now()` })
      .where(and(eq(runs.importId, importId), eq(runs.environment, 'staging'), inArray(runs.status, ['running', 'extracted', 'quarantined'])))
      .returning({ id: runs.id });
    return { jobsClosed: closed.length, runsDiscarded: discarded.length };
  });
}

/** The alert of a kind whose context holds `key`, written once: a retry finds the first one. */
export async function insertAlertOnceByKey(db: Database, key: string, alert: typeof alerts.$inferInsert): Promise<number> {
  const [existing] = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.importId, alert.importId), eq(alerts.kind, alert.kind), sql`${alerts.context}->>'key' = ${key}`));
  if (existing) return existing.id;
  const [row] = await db.insert(alerts).values(alert).returning({ id: alerts.id });
  return row!.id;
}

/**
 * Records a decision, the import row locked (decisions on one import are serialised by its workflow, this guards
 * the rest), then what it changes (`effects`), in one transaction. The decision id is unique: a retry after a lost
 * acknowledgement writes nothing more. `importFound: false` when the import does not exist.
 */
export function recordDecision(
  db: Database,
  decision: typeof importDecisions.$inferInsert,
  effects: (tx: Tx) => Promise<void>,
): Promise<{ importFound: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ id: imports.id }).from(imports).where(eq(imports.id, decision.importId)).for('update');
    if (!row) return { importFound: false };
    const inserted = await tx.insert(importDecisions).values(decision).onConflictDoNothing({ target: importDecisions.decisionId }).returning({ seq: importDecisions.seq });
    if (inserted.length > 0) await effects(tx);
    return { importFound: true };
  });
}

/** One notification per key (stage entry and kind): returns whether this call wrote it. */
export async function insertNotificationOnce(db: Database, notification: typeof notifications.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(notifications).values(notification).onConflictDoNothing({ target: notifications.key }).returning({ id: notifications.id });
  return inserted.length > 0;
}

/*
 * A decision's writes, in the transaction `recordDecision` opens (its `effects`); which ones a decision makes is
 * activities/lifecycle/decision-effects.ts's to say.
 */

/** The import's new stage, and what the decision sets on the row (estimate, confirmed priority). */
export async function updateImportForDecision(
  tx: Tx,
  importId: string,
  values: Pick<ImportRow, 'stage' | 'updatedAt'> & Partial<Pick<ImportRow, 'estimateDays' | 'priority'>>,
): Promise<void> {
  await tx.update(imports).set(values).where(eq(imports.id, importId));
}

/** The lead's plan (wanted date), created or replaced; its assignee is kept. */
export async function upsertPlan(tx: Tx, importId: string, plan: Pick<PlanRow, 'wantedDate' | 'plannedBy' | 'updatedAt'>): Promise<void> {
  await tx.insert(importPlans).values({ importId, ...plan }).onConflictDoUpdate({ target: importPlans.importId, set: plan });
}

export async function setPlanAssignee(tx: Tx, importId: string, assignee: NonNullable<PlanRow['assignee']>, updatedAt: Date): Promise<void> {
  await tx.update(importPlans).set({ assignee, updatedAt }).where(eq(importPlans.importId, importId));
}

export async function insertBlocker(tx: Tx, blocker: Pick<BlockerRow, 'importId' | 'kind' | 'reason' | 'waitingOn' | 'blockedBy' | 'blockedAt'>): Promise<void> {
  await tx.insert(importBlockers).values(blocker);
}

/** Resolves every open blocker of the import. */
export async function resolveOpenBlockers(tx: Tx, importId: string, resolution: Pick<BlockerRow, 'resolution' | 'resolvedBy' | 'resolvedAt'>): Promise<void> {
  await tx.update(importBlockers).set(resolution).where(and(eq(importBlockers.importId, importId), isNull(importBlockers.resolvedAt)));
}
