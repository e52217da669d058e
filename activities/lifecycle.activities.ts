import { ApplicationFailure } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import type { Decision } from '../contracts';
import type { Database } from '../db/client';
import { importDecisions, imports } from '../db/schema';

export interface RecordDecisionInput {
  importId: string;
  decision: Decision;
  data: Record<string, unknown> | null;
}

/** Activities of the lifecycle workflow, built from their dependencies (the worker passes the real db). */
export function createLifecycleActivities(deps: { db: Database }) {
  return {
    /**
     * Writes a decision and the import's new stage in one transaction. Idempotent: the decision id is
     * unique, so a retry after a lost acknowledgement changes nothing more.
     */
    async recordDecision({ importId, decision, data }: RecordDecisionInput): Promise<void> {
      await deps.db.transaction(async (tx) => {
        // Lock the import row: decisions on one import are serialised by its workflow, this guards the rest.
        const [row] = await tx.select({ id: imports.id }).from(imports).where(eq(imports.id, importId)).for('update');
        if (!row) {
          throw ApplicationFailure.create({ type: 'ImportNotFound', message: `Import ${importId} does not exist`, nonRetryable: true });
        }
        const inserted = await tx
          .insert(importDecisions)
          .values({
            decisionId: decision.id,
            importId,
            kind: decision.kind,
            actor: decision.actor,
            fromStage: decision.from,
            toStage: decision.to,
            comment: decision.comment,
            data,
            decidedAt: new Date(decision.at),
          })
          .onConflictDoNothing({ target: importDecisions.decisionId })
          .returning({ seq: importDecisions.seq });
        if (inserted.length === 0) return;
        await tx
          .update(imports)
          .set({
            stage: decision.to,
            updatedAt: new Date(),
            ...(decision.kind === 'estimate' && typeof data?.days === 'number' ? { estimateDays: data.days } : {}),
          })
          .where(eq(imports.id, importId));
      });
    },
  };
}

export type LifecycleActivities = ReturnType<typeof createLifecycleActivities>;
