import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { LIFECYCLE_STAGES } from '../../contracts';
import { imports } from './imports';

/**
 * Every human decision on an import's lifecycle (who, when, from and to, comment). Written by the
 * lifecycle workflow's activities; `decision_id` is the workflow update id, so a retried activity is a no-op.
 */
export const importDecisions = pgTable(
  'import_decisions',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    decisionId: text('decision_id').notNull().unique(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    fromStage: text('from_stage', { enum: LIFECYCLE_STAGES }),
    toStage: text('to_stage', { enum: LIFECYCLE_STAGES }).notNull(),
    comment: text('comment'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('import_decisions_import_id_idx').on(t.importId, t.seq)],
);
