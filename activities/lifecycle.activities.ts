import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Decision } from '../contracts';
import type { Database } from '../db/client';
import { importDecisions, imports } from '../db/schema';
import { applyDecisionEffects } from './lifecycle/decision-effects';
import { notify, type NotifyInput } from './lifecycle/notifications';
import { queuePosition } from './lifecycle/queue';
import { createStagingActivities } from './lifecycle/staging';
import { verifyProduction, type VerifyProductionInput } from './lifecycle/verification';
import { Failure, failure } from '../contracts/failures';

export interface RecordDecisionInput {
  importId: string;
  decision: Decision;
  data: Record<string, unknown> | null;
}

export interface LifecycleActivityDeps {
  db: Database;
  /** For the staging schedule; the worker passes a client on its own connection. */
  temporal?: Client | undefined;
  /** For the Temporal UI link of a `verification_failed` alert. */
  links?: { temporalUiUrl: string; namespace: string } | undefined;
}

/** Activities of the lifecycle workflow, built from their dependencies (the worker passes the real db). */
export function createLifecycleActivities(deps: LifecycleActivityDeps) {
  return {
    /**
     * Writes a decision and the import's new stage (plus what the decision sets: estimate, priority and wanted
     * date, assignee) in one transaction. Idempotent: the decision id is unique, so a retry after a lost
     * acknowledgement changes nothing more.
     */
    async recordDecision({ importId, decision, data }: RecordDecisionInput): Promise<void> {
      await deps.db.transaction(async (tx) => {
        // Lock the import row: decisions on one import are serialised by its workflow, this guards the rest.
        const [row] = await tx.select({ id: imports.id }).from(imports).where(eq(imports.id, importId)).for('update');
        if (!row) {
          throw failure(Failure.ImportNotFound, `Import ${importId} does not exist`);
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
        await applyDecisionEffects(tx, importId, decision, data);
      });
    },

    /** The import's rank in the development queue, after its plan was recorded. */
    queuePosition: ({ importId }: { importId: string }): Promise<number> => queuePosition(deps.db, importId),

    /** A reminder or an escalation, once per stage entry and kind. */
    notify: (input: NotifyInput): Promise<{ created: boolean; recipient: string }> => notify(deps.db, input),

    /** The post-deploy checks on production data; a failure writes a `verification_failed` alert. */
    verifyProduction: (input: VerifyProductionInput) => verifyProduction(deps, input),

    ...createStagingActivities(deps),
  };
}

export type LifecycleActivities = ReturnType<typeof createLifecycleActivities>;
