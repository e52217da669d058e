import { and, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { importConfigs } from '../schema';
import type { Tx } from './deploys';

/** An import's configuration per environment, as the staging set-up and the production deploy write it. */
export type ImportConfigRow = typeof importConfigs.$inferSelect;
export type ConfigValues = Pick<ImportConfigRow, 'importerKey' | 'config' | 'checks' | 'fetchPolicy' | 'schedule'>;

export async function findImportConfig(db: Database | Tx, importId: string, environment: ImportConfigRow['environment']): Promise<ImportConfigRow | undefined> {
  const [row] = await db.select().from(importConfigs).where(and(eq(importConfigs.importId, importId), eq(importConfigs.environment, environment)));
  return row;
}

/** Writes the environment's configuration row (created or replaced), stamped now; returns it. */
export async function upsertImportConfig(db: Database | Tx, importId: string, environment: ImportConfigRow['environment'], row: ConfigValues): Promise<ImportConfigRow> {
  const values = { importerKey: row.importerKey, config: row.config, checks: row.checks, fetchPolicy: row.fetchPolicy, schedule: row.schedule, updatedAt: new Date() };
  const [written] = await db
    .insert(importConfigs)
    .values({ importId, environment, ...values })
    .onConflictDoUpdate({ target: [importConfigs.importId, importConfigs.environment], set: values })
    .returning();
  return written!;
}
