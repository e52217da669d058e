import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { apiKeys } from './api-keys';

/**
 * Browser sessions of the sign-in form: the cookie holds a random session id (`lis_…`), never the API key. Only
 * its SHA-256 is stored, as for keys. A session acts as the key it was opened with, so it ends when it expires,
 * when it is signed out (`revokedAt`), or when that key is revoked or its member deactivated.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Hex SHA-256 of the whole session id. */
    hash: text('hash').notNull().unique(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_key_idx').on(t.keyId)],
);
