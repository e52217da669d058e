import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ENVIRONMENTS } from './import-configs';
import { imports } from './imports';
import { runs } from './runs';

/**
 * What the team is told when a run goes wrong, with the context to start fixing it: failing checks with their
 * figures, URLs and statuses, broken selectors, a sample record, an HTML excerpt, the Temporal UI link.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    runId: uuid('run_id').references(() => runs.id),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    context: jsonb('context').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alerts_import_created_idx').on(t.importId, t.createdAt)],
);
