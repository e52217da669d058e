import { and, desc, eq } from 'drizzle-orm';
import type { EnvironmentName } from '../../contracts';
import type { Database } from '../client';
import { alerts, runs } from '../schema';

/** An import's runs and alerts as the API lists them (the runs' own steps are in ./runs.ts). */
export type RunRow = typeof runs.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;

export async function runById(db: Database, id: string): Promise<RunRow | null> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row ?? null;
}

/** A page of the import's runs (of one environment when given), latest first. */
export function runsOf(db: Database, importId: string, environment: EnvironmentName | undefined, limit: number, offset: number): Promise<RunRow[]> {
  const where = environment ? and(eq(runs.importId, importId), eq(runs.environment, environment)) : eq(runs.importId, importId);
  return db.select().from(runs).where(where).orderBy(desc(runs.startedAt)).limit(limit).offset(offset);
}

/** The import's latest 100 alerts. */
export function alertsOf(db: Database, importId: string): Promise<AlertRow[]> {
  return db.select().from(alerts).where(eq(alerts.importId, importId)).orderBy(desc(alerts.createdAt)).limit(100);
}
