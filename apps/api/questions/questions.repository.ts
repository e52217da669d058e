import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, isNull, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { importPlans, importQuestions, imports, notifications } from '../../../db/schema';
import { redact } from '../../../platform/redact';
import { DATABASE } from '../common/tokens';
import type { ListQuestions } from './questions.dto';

export type QuestionRow = typeof importQuestions.$inferSelect;

@Injectable()
export class QuestionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Who stands on each side of an import: its account manager, its assignee and planning lead. */
  async sides(importId: string): Promise<{ stage: (typeof imports.$inferSelect)['stage']; requestedBy: string; assignee: string | null; plannedBy: string | null } | null> {
    const [row] = await this.db
      .select({ stage: imports.stage, requestedBy: imports.requestedBy, assignee: importPlans.assignee, plannedBy: importPlans.plannedBy })
      .from(imports)
      .leftJoin(importPlans, eq(importPlans.importId, imports.id))
      .where(eq(imports.id, importId));
    return row ?? null;
  }

  /** The question and the notification of the one addressed, together. */
  ask(row: typeof importQuestions.$inferInsert, stage: (typeof imports.$inferSelect)['stage']): Promise<QuestionRow> {
    return this.db.transaction(async (tx) => {
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
  answer(importId: string, id: number, by: string, answer: string, stage: (typeof imports.$inferSelect)['stage']): Promise<QuestionRow | null> {
    return this.db.transaction(async (tx) => {
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

  async find(importId: string, id: number): Promise<QuestionRow | null> {
    const [row] = await this.db.select().from(importQuestions).where(and(eq(importQuestions.id, id), eq(importQuestions.importId, importId)));
    return row ?? null;
  }

  async list(importId: string, query: ListQuestions): Promise<{ items: QuestionRow[]; total: number }> {
    const where = and(
      eq(importQuestions.importId, importId),
      query.open === undefined ? undefined : query.open ? isNull(importQuestions.answeredAt) : isNotNull(importQuestions.answeredAt),
    );
    const items = await this.db.select().from(importQuestions).where(where).orderBy(asc(importQuestions.id)).limit(query.limit).offset(query.offset);
    const [total] = await this.db.select({ n: count() }).from(importQuestions).where(where);
    return { items, total: total?.n ?? 0 };
  }
}
