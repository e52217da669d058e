import type postgres from 'postgres';
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
    const [run] = await tx<{ status: string; import_id: string; environment: string; started_at: Date }[]>`
      select status, import_id, environment, started_at from runs where id = ${runId} for update`;
    if (!run) throw new RunStateError(`Run ${runId} does not exist`);
    if (run.status === 'reverted') return { reclosed: 0, restored: 0, reopened: 0, alreadyReverted: true };
    if (run.status !== 'applied') throw new RunStateError(`Run ${runId} is ${run.status}: only an applied run can be reverted`);
    await tx`select pg_advisory_xact_lock(hashtext(${`${run.import_id}:${run.environment}`}))`;
    const [later] = await tx<{ id: string }[]>`
      select id from runs where import_id = ${run.import_id} and environment = ${run.environment}
        and status = 'applied' and started_at > ${run.started_at} and id <> ${runId}
      order by started_at desc limit 1`;
    if (later) throw new RunStateError(`Run ${later.id} was applied after run ${runId}: revert it first`);

    const reclosed = await tx`
      update jobs j set status = 'closed', closed_at = now(), updated_at = now()
      from job_changes c
      where c.run_id = ${runId} and c.op = 'create' and c.reverted_at is null and c.job_id = j.id`;
    const restored = await tx`
      update jobs j set
        data = coalesce(c.before -> 'data', j.data),
        content_hash = c.before ->> 'contentHash',
        status = c.before ->> 'status',
        closed_at = (c.before ->> 'closedAt')::timestamptz,
        updated_at = now()
      from job_changes c
      where c.run_id = ${runId} and c.op in ('update', 'reopen', 'close') and c.reverted_at is null and c.job_id = j.id`;
    const [ops] = await tx<{ reopened: number }[]>`
      select count(*) filter (where op = 'close')::int as reopened from job_changes where run_id = ${runId} and reverted_at is null`;
    await tx`update job_changes set reverted_at = now() where run_id = ${runId} and reverted_at is null`;
    await tx`update runs set status = 'reverted' where id = ${runId}`;
    return { reclosed: reclosed.count, restored: restored.count - (ops?.reopened ?? 0), reopened: ops?.reopened ?? 0, alreadyReverted: false };
  });
}
