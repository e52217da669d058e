import { date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { imports } from './imports';

/**
 * The lead's plan for an import (wanted date; the confirmed priority is `imports.priority`) and its assignee.
 * Written by the lifecycle's `recordDecision` activity with the plan and assign decisions.
 */
export const importPlans = pgTable('import_plans', {
  importId: uuid('import_id')
    .primaryKey()
    .references(() => imports.id),
  wantedDate: date('wanted_date', { mode: 'string' }).notNull(),
  plannedBy: text('planned_by').notNull(),
  assignee: text('assignee'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
