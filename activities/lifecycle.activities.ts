import type { Client } from '@temporalio/client';
import type { Decision } from '../contracts';
import type { Database } from '../db/client';
import { recordDecision } from '../db/queries/lifecycle';
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
      const { importFound } = await recordDecision(
        deps.db,
        {
          decisionId: decision.id,
          importId,
          kind: decision.kind,
          actor: decision.actor,
          fromStage: decision.from,
          toStage: decision.to,
          comment: decision.comment,
          data,
          decidedAt: new Date(decision.at),
        },
        (tx) => applyDecisionEffects(tx, importId, decision, data),
      );
      if (!importFound) throw failure(Failure.ImportNotFound, `Import ${importId} does not exist`);
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
