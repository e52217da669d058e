import { and, eq, isNull } from 'drizzle-orm';
import type { BlockerKind, Decision } from '../../contracts';
import type { Database } from '../../db/client';
import { importBlockers, importPlans, imports } from '../../db/schema';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * What a decision changes on the import's rows besides its stage, in the transaction that records it:
 * the estimate, the confirmed priority and wanted date, the assignee.
 */
export async function applyDecisionEffects(tx: Tx, importId: string, decision: Decision, data: Record<string, unknown> | null): Promise<void> {
  const now = new Date();
  await tx
    .update(imports)
    .set({
      stage: decision.to,
      updatedAt: now,
      ...(decision.kind === 'estimate' && typeof data?.days === 'number' ? { estimateDays: data.days } : {}),
      ...(decision.kind === 'plan' && typeof data?.priority === 'number' ? { priority: data.priority } : {}),
    })
    .where(eq(imports.id, importId));
  if (decision.kind === 'plan' && typeof data?.wantedDate === 'string') {
    const plan = { wantedDate: data.wantedDate, plannedBy: decision.actor, updatedAt: now };
    await tx
      .insert(importPlans)
      .values({ importId, ...plan })
      .onConflictDoUpdate({ target: importPlans.importId, set: plan });
  }
  if (decision.kind === 'block' && data) {
    await tx.insert(importBlockers).values({
      importId,
      kind: data.kind as BlockerKind,
      reason: String(data.reason),
      waitingOn: String(data.waitingOn),
      blockedBy: decision.actor,
      blockedAt: new Date(decision.at),
    });
  }
  if (decision.kind === 'unblock') {
    await tx
      .update(importBlockers)
      .set({ resolution: decision.comment, resolvedBy: decision.actor, resolvedAt: new Date(decision.at) })
      .where(and(eq(importBlockers.importId, importId), isNull(importBlockers.resolvedAt)));
  }
  if ((decision.kind === 'assign' || decision.kind === 'reassign') && typeof data?.assignee === 'string') {
    await tx.update(importPlans).set({ assignee: data.assignee, updatedAt: now }).where(eq(importPlans.importId, importId));
  }
}
