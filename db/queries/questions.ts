import { and, asc, count, eq, isNull, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { importPlans, importQuestions, imports, notifications } from '../schema';
import { redact } from '../../platform/redact';

/** Questions between account management and the import team on an import, each notifying the other side. */
export type QuestionRow = typeof importQuestions.$inferSelect;

/** Who stands on each side of an import: its account manager, its assignee and planning lead. */
export async function importSides(db: Database, importId: string): Promise<{ stage: (typeof imports.$inferSelect)['stage']; requestedBy: string; assignee: string | null; plannedBy: string | null } | null> {
  const [row] = await db
    .select({ stage: imports.stage, requestedBy: imports.requestedBy, assignee: importPlans.assignee, plannedBy: importPlans.plannedBy })
    .from(imports)
    .leftJoin(importPlans, eq(importPlans.importId, imports.id))
    .where(eq(imports.id, importId));
  return row ?? null;
}

/** The question and the notification of the one addressed, together. */
export function askQuestion(db: Database, row: typeof importQuestions.$inferInsert, stage: (typeof imports.$inferSelect)['stage']): Promise<QuestionRow> {
  return db.transaction(async (tx) => {
    const [question] = await tx.insert(importQuestions).values(row).returning();
    await tx.insert(notifications).values({
      key: `question:${question!.id}:asked`,
      importId: row.importId,
      stage,
      recipient: row.addressedTo,
      kind: 'question',
      message: redact(`${row.askedBy} asks: ${row.text}`),
    });
    return question!;
  });
}

/** Answers an open question (null when it is not open) and notifies its author, together. */
export function answerQuestion(db: Database, importId: string, id: number, by: string, answer: string, stage: (typeof imports.$inferSelect)['stage']): Promise<QuestionRow | null> {
  return db.transaction(async (tx) => {
    const [question] = await tx
      .update(importQuestions)
      .set({ answer, answeredBy: by, answeredAt: sql`now()` })
      .where(and(eq(importQuestions.id, id), eq(importQuestions.importId, importId), isNull(importQuestions.answeredAt)))
      .returning();
    if (!question) return null;
    await tx.insert(notifications).values({
      key: `question:${id}:answered`,
      importId,
      stage,
      recipient: question.askedBy,
      kind: 'answer',
      message: redact(`${by} answered your question "${question.text.slice(0, 80)}": ${answer}`),
    });
    return question;
  });
}

export async function findQuestion(db: Database, importId: string, id: number): Promise<QuestionRow | null> {
  const [row] = await db.select().from(importQuestions).where(and(eq(importQuestions.id, id), eq(importQuestions.importId, importId)));
  return row ?? null;
}

export async function questionsPage(db: Database, importId: string, query: { open?: boolean | undefined; limit: number; offset: number }): Promise<{ items: QuestionRow[]; total: number }> {
  const where = and(
    eq(importQuestions.importId, importId),
    query.open === undefined ? undefined : query.open ? isNull(importQuestions.answeredAt) : isNotNull(importQuestions.answeredAt),
  );
  const items = await db.select().from(importQuestions).where(where).orderBy(asc(importQuestions.id)).limit(query.limit).offset(query.offset);
  const [total] = await db.select({ n: count() }).from(importQuestions).where(where);
  return { items, total: total?.n ?? 0 };
}

