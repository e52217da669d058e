import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A company whose job pages we feed. */
export const clients = pgTable('clients', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
