import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { LIFECYCLE_STAGES, NOTIFICATION_KINDS } from '../../contracts';
import { imports } from './imports';

/**
 * Reminders and escalations of the lifecycle workflow: a stage waited longer than its limit. `key` is
 * `<workflowId>/<stage entry>/<kind>`, so a retried activity (or a replayed timer) writes one row only.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull().unique(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    stage: text('stage', { enum: LIFECYCLE_STAGES }).notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    message: text('message').notNull(),
    /** Whom the lifecycle addressed it to when that member was away: `recipient` is then the lead. */
    redirectedFrom: text('redirected_from'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_import_created_idx').on(t.importId, t.createdAt), index('notifications_recipient_created_idx').on(t.recipient, t.createdAt)],
);
