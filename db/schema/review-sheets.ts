import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { PRACTICE_ANSWERS, type PracticeResult } from '../../contracts/review-practices';
import { imports } from './imports';

/**
 * The review sheet of each submitted revision: one row per practice (contracts/review-practices.ts). `result`
 * is the platform's verdict on an automatic practice, written with the submission; `answer` is the reviewer's.
 * Rows are kept for every revision: the next submission shows what failed in the previous one, and the lead
 * counts failures per practice.
 */
export const reviewSheetRows = pgTable(
  'review_sheet_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    revision: integer('revision').notNull(),
    practiceId: text('practice_id').notNull(),
    result: jsonb('result').$type<PracticeResult>(),
    answer: text('answer', { enum: PRACTICE_ANSWERS }),
    comment: text('comment'),
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.revision, t.practiceId] }), index('review_sheet_rows_practice_idx').on(t.practiceId)],
);
