import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { members } from './members';

/**
 * API keys of members. Only the SHA-256 of a key is stored (a key is 256 random bits, so a fast hash is
 * enough); the key itself is shown once, at creation. `prefix` (the key's first characters) tells keys apart.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    member: text('member')
      .notNull()
      .references(() => members.handle),
    /** Hex SHA-256 of the whole key. */
    hash: text('hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_member_idx').on(t.member)],
);
