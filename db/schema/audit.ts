import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every decision and every production operation accepted by the API: who, what, when, the stage before and
 * after, the comment. Written by the API after the operation succeeded; `key` (the request id) makes a
 * retried write a no-op.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull().unique(),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    /** The route, e.g. `POST /imports/:id/deploy-production`. */
    action: text('action').notNull(),
    importId: uuid('import_id'),
    /** Run, environment or key the operation was on, when not the import itself. */
    target: text('target'),
    fromStage: text('from_stage'),
    toStage: text('to_stage'),
    comment: text('comment'),
    status: integer('status').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_import_idx').on(t.importId, t.id), index('audit_log_actor_idx').on(t.actor, t.id)],
);
