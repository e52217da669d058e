import { eq } from 'drizzle-orm';
import type { Decision } from '../../contracts';
import type { Database } from '../../db/client';
import { importPlans, imports } from '../../db/schema';

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
  if (decision.kind === 'assign' && typeof data?.assignee === 'string') {
    await tx.update(importPlans).set({ assignee: data.assignee, updatedAt: now }).where(eq(importPlans.importId, importId));
  }
}
