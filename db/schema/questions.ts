import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { imports } from './imports';

/**
 * Questions and comments on an import between account management and the import team; each question and
 * each answer notifies the other side (a `notifications` row).
 */
export const importQuestions = pgTable(
  'import_questions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    askedBy: text('asked_by').notNull(),
    askedRole: text('asked_role').notNull(),
    /** Who is expected to answer (notified). */
    addressedTo: text('addressed_to').notNull(),
    text: text('text').notNull(),
    answer: text('answer'),
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_questions_import_idx').on(t.importId, t.id)],
);
