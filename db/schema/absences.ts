import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from './members';

/**
 * A member away (holiday, sick leave, training), whole days from `startsOn` to `endsOn` inclusive (UTC dates).
 * Assignment suggestions skip them, the lead's hand-over list starts from them, and the lifecycle's reminders
 * addressed to them go to the lead meanwhile.
 */
export const memberAbsences = pgTable(
  'member_absences',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    member: text('member')
      .notNull()
      .references(() => members.handle),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('member_absences_member_idx').on(t.member, t.endsOn), check('member_absences_order', sql`${t.endsOn} >= ${t.startsOn}`)],
);
