import { bigserial, date, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { DigestContent } from '../../contracts/access';

/**
 * The daily digest of each account manager, written by the `dailyDigest` workflow's activity. One row per
 * member and day (`key` = `<handle>/<day>`): a second run of the same day replaces the content.
 */
export const digests = pgTable(
  'digests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull().unique(),
    member: text('member').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    content: jsonb('content').$type<DigestContent>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('digests_member_day_idx').on(t.member, t.day)],
);
