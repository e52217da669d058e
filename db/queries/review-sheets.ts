import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { importDecisions, reviewSheetRows } from '../schema';
import { REVIEW_PRACTICES, type PracticeAnswer, type PracticeResult } from '../../contracts';

/** The review sheet of each submitted revision: one row per practice, answered by the reviewer. */
export type ReviewSheetRow = typeof reviewSheetRows.$inferSelect;

/** The sheet of a new revision: one row per practice, with the platform's result where it has one. Idempotent. */
export async function openReviewSheet(db: Database, importId: string, revision: number, results: Partial<Record<string, PracticeResult>>): Promise<void> {
  await db
    .insert(reviewSheetRows)
    .values(REVIEW_PRACTICES.map((p) => ({ importId, revision, practiceId: p.id, result: results[p.id] ?? null })))
    .onConflictDoNothing();
}

export async function currentReviewRevision(db: Database, importId: string): Promise<number | null> {
  const [row] = await db.select({ r: max(reviewSheetRows.revision) }).from(reviewSheetRows).where(eq(reviewSheetRows.importId, importId));
  return row?.r ?? null;
}

/** Who submitted the revision (its `submit_review` decision): the one developer who may not review it. */
export async function reviewAuthor(db: Database, importId: string, revision: number): Promise<string | null> {
  const [row] = await db
    .select({ actor: importDecisions.actor })
    .from(importDecisions)
    .where(and(eq(importDecisions.importId, importId), eq(importDecisions.kind, 'submit_review'), sql`(${importDecisions.data}->>'revision')::int = ${revision}`))
    .orderBy(desc(importDecisions.seq))
    .limit(1);
  return row?.actor ?? null;
}

export function reviewSheetRowsOf(db: Database, importId: string, revision: number): Promise<ReviewSheetRow[]> {
  return db.select().from(reviewSheetRows).where(and(eq(reviewSheetRows.importId, importId), eq(reviewSheetRows.revision, revision)));
}

/** The reviewer's answers, all or none. */
export async function answerReviewSheet(db: Database, importId: string, revision: number, answers: { practice: string; answer: PracticeAnswer; comment: string | null }[], by: string): Promise<void> {
  await db.transaction(async (tx) => {
    for (const a of answers) {
      await tx
        .update(reviewSheetRows)
        .set({ answer: a.answer, comment: a.comment, answeredBy: by, answeredAt: sql`now()` })
        .where(and(eq(reviewSheetRows.importId, importId), eq(reviewSheetRows.revision, revision), eq(reviewSheetRows.practiceId, a.practice)));
    }
  });
}

/**
 * Per practice, over every reviewed revision: how often it failed (a reviewer's "problem", or an automatic
 * result failing) and how often a failing automatic one was waived.
 */
export function practiceStats(db: Database) {
  return db
    .select({
      practiceId: reviewSheetRows.practiceId,
      revisions: sql<number>`count(*)`.mapWith(Number),
      failures: sql<number>`count(*) filter (where ${reviewSheetRows.answer} = 'problem' or ${reviewSheetRows.result}->>'status' = 'fail')`.mapWith(Number),
      waived: sql<number>`count(*) filter (where ${reviewSheetRows.answer} = 'waived')`.mapWith(Number),
    })
    .from(reviewSheetRows)
    .groupBy(reviewSheetRows.practiceId);
}

