import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Database } from '../client';
import { memberAbsences } from '../schema';

/**
 * Absences, read by the API (the members' calendar, assignment suggestions, the hand-over list) and by the
 * lifecycle's reminder activity: shared here so both say the same about who is away on a day.
 */
export type AbsenceRow = typeof memberAbsences.$inferSelect;

/** The member's absence covering `day` (YYYY-MM-DD, UTC), if any. */
export async function absentOn(db: Database, member: string, day: string): Promise<AbsenceRow | null> {
  const [row] = await db
    .select()
    .from(memberAbsences)
    .where(and(eq(memberAbsences.member, member), lte(memberAbsences.startsOn, day), gte(memberAbsences.endsOn, day)))
    .orderBy(asc(memberAbsences.endsOn))
    .limit(1);
  return row ?? null;
}

/** Everyone away on `day`, by handle. */
export async function awayOn(db: Database, day: string): Promise<Map<string, AbsenceRow>> {
  const rows = await db.select().from(memberAbsences).where(and(lte(memberAbsences.startsOn, day), gte(memberAbsences.endsOn, day)));
  return new Map(rows.map((r) => [r.member, r]));
}

/** The member's absences ending on or after `from`, oldest first. */
export function absencesOf(db: Database, member: string, from: string): Promise<AbsenceRow[]> {
  return db
    .select()
    .from(memberAbsences)
    .where(and(eq(memberAbsences.member, member), gte(memberAbsences.endsOn, from)))
    .orderBy(asc(memberAbsences.startsOn));
}

/** An absence of the member overlapping [startsOn, endsOn], if any. */
export async function overlappingAbsence(db: Database, member: string, startsOn: string, endsOn: string): Promise<AbsenceRow | null> {
  const [row] = await db
    .select()
    .from(memberAbsences)
    .where(and(eq(memberAbsences.member, member), lte(memberAbsences.startsOn, endsOn), gte(memberAbsences.endsOn, startsOn)))
    .limit(1);
  return row ?? null;
}

export const today = (): string => new Date().toISOString().slice(0, 10);

export async function insertAbsence(db: Database, absence: Pick<typeof memberAbsences.$inferInsert, 'member' | 'startsOn' | 'endsOn' | 'reason' | 'createdBy'>): Promise<AbsenceRow> {
  const [row] = await db.insert(memberAbsences).values(absence).returning();
  return row!;
}

/** Deletes the member's absence; undefined when they have none with this id. */
export async function deleteAbsence(db: Database, member: string, id: number): Promise<AbsenceRow | undefined> {
  const [row] = await db.delete(memberAbsences).where(and(eq(memberAbsences.id, id), eq(memberAbsences.member, member))).returning();
  return row;
}
