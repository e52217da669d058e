import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { MEMBER_ROLES } from '../../contracts';

/** The import team and account management: who may do what (contracts/access.ts) and how much they can take. */
export const members = pgTable(
  'members',
  {
    /** e.g. `dev.alice`: the name decisions are recorded under. */
    handle: text('handle').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: MEMBER_ROLES }).notNull(),
    /** Import kinds (html, xml, json, jsonld), ATS or importer keys, `multiposting`, `job-pipe`… lower case. */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** Working days per week this member gives to imports. */
    weeklyCapacityDays: integer('weekly_capacity_days').notNull().default(5),
    /** Set when the member leaves: their keys stop working, their decisions stay. */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('members_capacity_range', sql`${t.weeklyCapacityDays} between 0 and 7`)],
);
