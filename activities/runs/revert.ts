import type postgres from 'postgres';
import { laterApplied, lockRunToRevert, lockScope, undoChanges } from '../../db/queries/apply';
import { RunStateError } from './apply';

export interface RevertCounts {
  reclosed: number;
  restored: number;
  reopened: number;
}

/**
 * Undoes an applied run from its change log, in one transaction: updated jobs get their previous content,
 * jobs it closed are reopened, jobs it reopened are closed again, and jobs it created are closed (never
 * deleted). Only the latest applied run of an import and environment can be reverted: later runs were
 * computed against its result, so they must be reverted first. Idempotent: a reverted run stays reverted.
 */
export async function revertRun(sql: postgres.Sql, runId: string): Promise<RevertCounts & { alreadyReverted: boolean }> {
  return sql.begin(async (tx) => {
    const run = await lockRunToRevert(tx, runId);
    if (!run) throw new RunStateError(`Run ${runId} does not exist`);
    if (run.status === 'reverted') return { reclosed: 0, restored: 0, reopened: 0, alreadyReverted: true };
    if (run.status !== 'applied') throw new RunStateError(`Run ${runId} is ${run.status}: only an applied run can be reverted`);
    await lockScope(tx, run);
    const later = await laterApplied(tx, run, runId);
    if (later) throw new RunStateError(`Run ${later.id} was applied after run ${runId}: revert it first`);
    return { ...(await undoChanges(tx, runId)), alreadyReverted: false };
  });
}
