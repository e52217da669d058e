import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { auditLog } from '../../../db/schema';
import { redactDeep } from '../../../platform/redact';
import { DATABASE } from '../common/tokens';
import type { ListAudit } from './audit.dto';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Idempotent under `key`: a retried write records nothing twice. Masked (platform/redact.ts) before it is kept. */
  async record(row: NewAuditRow): Promise<void> {
    await this.db.insert(auditLog).values(redactDeep(row)).onConflictDoNothing({ target: auditLog.key });
  }

  /** Newest first; `cursor` is the id of the last row of the previous page. */
  list(query: ListAudit): Promise<AuditRow[]> {
    const where: SQL[] = [];
    if (query.importId) where.push(eq(auditLog.importId, query.importId));
    if (query.actor) where.push(eq(auditLog.actor, query.actor));
    if (query.action) where.push(eq(auditLog.action, query.action));
    if (query.cursor) where.push(lt(auditLog.id, query.cursor));
    return this.db
      .select()
      .from(auditLog)
      .where(where.length > 0 ? and(...where) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(query.limit);
  }
}
