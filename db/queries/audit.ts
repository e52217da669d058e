import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { redactDeep } from '../../platform/redact';
import type { Database } from '../client';
import { auditLog } from '../schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export interface AuditFilter {
  importId?: string;
  actor?: string;
  action?: string;
  /** The id of the last row of the previous page. */
  cursor?: number;
  limit: number;
}

/** Idempotent under `key`: a retried write records nothing twice. Masked (platform/redact.ts) before it is kept. */
export async function recordAudit(db: Database, row: NewAuditRow): Promise<void> {
  await db.insert(auditLog).values(redactDeep(row)).onConflictDoNothing({ target: auditLog.key });
}

/** Newest first. */
export function listAudit(db: Database, query: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (query.importId) where.push(eq(auditLog.importId, query.importId));
  if (query.actor) where.push(eq(auditLog.actor, query.actor));
  if (query.action) where.push(eq(auditLog.action, query.action));
  if (query.cursor) where.push(lt(auditLog.id, query.cursor));
  return db
    .select()
    .from(auditLog)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
}
