import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from './clients';

/**
 * The credentials of a client's job feed (`/feeds/<token>/jobs.json`, `.xml`, `/changes`): the open production jobs
 * of all the client's imports, read by the client's job pages. Only the sha256 of the random token is kept; a token
 * stops working when revoked (the row stays: who created and revoked what is history).
 */
export const feedTokens = pgTable(
  'feed_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    /** sha256 hex of the token. */
    tokenHash: text('token_hash').notNull().unique(),
    /** What it is for ("site carrières", "Indeed"): the list shows it, the token is never shown again. */
    label: text('label'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('feed_tokens_client_idx').on(t.clientId)],
);
