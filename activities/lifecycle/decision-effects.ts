import type { BlockerKind, Decision } from '../../contracts';
import type { Tx } from '../../db/queries/deploys';
import { insertBlocker, resolveOpenBlockers, setPlanAssignee, updateImportForDecision, upsertPlan } from '../../db/queries/lifecycle';

/**
 * What a decision changes on the import's rows besides its stage, in the transaction that records it:
 * the estimate, the confirmed priority and wanted date, the assignee.
 */
export async function applyDecisionEffects(tx: Tx, importId: string, decision: Decision, data: Record<string, unknown> | null): Promise<void> {
  const now = new Date();
  await updateImportForDecision(tx, importId, {
    stage: decision.to,
    updatedAt: now,
    ...(decision.kind === 'estimate' && typeof data?.days === 'number' ? { estimateDays: data.days } : {}),
    ...(decision.kind === 'plan' && typeof data?.priority === 'number' ? { priority: data.priority } : {}),
  });
  if (decision.kind === 'plan' && typeof data?.wantedDate === 'string') {
    await upsertPlan(tx, importId, { wantedDate: data.wantedDate, plannedBy: decision.actor, updatedAt: now });
  }
  if (decision.kind === 'block' && data) {
    await insertBlocker(tx, {
      importId,
      kind: data.kind as BlockerKind,
      reason: String(data.reason),
      waitingOn: String(data.waitingOn),
      blockedBy: decision.actor,
      blockedAt: new Date(decision.at),
    });
  }
  if (decision.kind === 'unblock') {
    await resolveOpenBlockers(tx, importId, { resolution: decision.comment, resolvedBy: decision.actor, resolvedAt: new Date(decision.at) });
  }
  if ((decision.kind === 'assign' || decision.kind === 'reassign') && typeof data?.assignee === 'string') {
    await setPlanAssignee(tx, importId, data.assignee, now);
  }
}
