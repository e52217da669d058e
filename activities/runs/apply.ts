import type postgres from 'postgres';
import type { RunCounts } from '../../db/schema';

export class RunStateError extends Error {}

/**
 * A value for a jsonb parameter: JSON text, cast in the statement (`${jsonb(x)}::jsonb`). The connections
 * come from db/client.ts, whose drizzle driver makes postgres.js's json/jsonb serialisers pass text through
 * unchanged; on a bare postgres() connection the text would be encoded a second time.
 */
export const jsonb = (value: unknown): string => JSON.stringify(value ?? null);

/**
 * Applies a run's staged records to the jobs table in one transaction: new jobs inserted, changed ones
 * updated (content hash), closed ones that came back reopened, and — when the fetch was complete — open jobs
 * missing from it closed. Unchanged jobs are not written at all. Every change goes to job_changes with the
 * state before it (the data only when it changes), which is what a revert replays. Idempotent: a run
 * already applied returns its stored counts and changes nothing.
 */
export function applyRun(sql: postgres.Sql, runId: string): Promise<RunCounts> {
  return sql.begin((tx) => applyRunIn(tx, runId));
}

/** The same, inside a transaction the caller owns (`importer try` rolls it back to show a diff without writing). */
export async function applyRunIn(tx: postgres.TransactionSql, runId: string): Promise<RunCounts> {
  const [run] = await tx<{ status: string; import_id: string; environment: string; complete: boolean; counts: Partial<RunCounts> }[]>`
    select status, import_id, environment, complete, counts from runs where id = ${runId} for update`;
  if (!run) throw new RunStateError(`Run ${runId} does not exist`);
  if (run.status === 'applied') return run.counts as RunCounts;
  if (run.status !== 'extracted' && run.status !== 'quarantined') {
    throw new RunStateError(`Run ${runId} is ${run.status}: only an extracted or quarantined run can be applied`);
  }
  // Serialises applies of one import and environment (two runs applied at once would fight over closes).
  await tx`select pg_advisory_xact_lock(hashtext(${`${run.import_id}:${run.environment}`}))`;
  const scope = { importId: run.import_id, environment: run.environment };

  // Duplicated external ids (allowed through by a human decision): the last record read wins.
  await tx`create temp table staged on commit drop as
    select distinct on (external_id) external_id, job, content_hash
    from run_records where run_id = ${runId} and valid order by external_id, seq desc`;
  await tx`create unique index on staged (external_id)`;
  await tx`analyze staged`;

  const [created] = await tx<{ n: number }[]>`
    with inserted as (
      insert into jobs (import_id, environment, external_id, status, data, content_hash, created_by_run, last_changed_by_run)
      select ${scope.importId}, ${scope.environment}, s.external_id, 'open', s.job, s.content_hash, ${runId}, ${runId}
      from staged s
      where not exists (select 1 from jobs j where j.import_id = ${scope.importId} and j.environment = ${scope.environment} and j.external_id = s.external_id)
      returning id, content_hash
    ), logged as (
      insert into job_changes (run_id, job_id, op, before, after)
      select ${runId}, id, 'create', null, jsonb_build_object('status', 'open', 'contentHash', content_hash, 'closedAt', null) from inserted
      returning 1
    )
    select count(*)::int as n from logged`;

  const changed = await tx<{ op: string; n: number }[]>`
    with changed as (
      select j.id, j.status, j.data, j.content_hash, j.closed_at, s.job as new_data, s.content_hash as new_hash
      from jobs j join staged s on s.external_id = j.external_id
      where j.import_id = ${scope.importId} and j.environment = ${scope.environment}
        and (j.content_hash <> s.content_hash or j.status = 'closed')
      for update of j
    ), updated as (
      update jobs j set data = c.new_data, content_hash = c.new_hash, status = 'open', closed_at = null,
        updated_at = now(), last_changed_by_run = ${runId}
      from changed c where j.id = c.id
      returning j.id
    ), logged as (
      insert into job_changes (run_id, job_id, op, before, after)
      select ${runId}, c.id, case when c.status = 'closed' then 'reopen' else 'update' end,
        jsonb_build_object('status', c.status, 'data', c.data, 'contentHash', c.content_hash, 'closedAt', c.closed_at),
        jsonb_build_object('status', 'open', 'contentHash', c.new_hash, 'closedAt', null)
      from changed c
      returning op
    )
    select op, count(*)::int as n from logged group by op`;

  let closed = 0;
  if (run.complete) {
    const [row] = await tx<{ n: number }[]>`
      with gone as (
        select j.id, j.content_hash from jobs j
        where j.import_id = ${scope.importId} and j.environment = ${scope.environment} and j.status = 'open'
          -- Listed at all (even as an invalid record) means still open: only absent jobs are closed.
          and not exists (select 1 from run_records r where r.run_id = ${runId} and r.external_id = j.external_id)
        for update of j
      ), updated as (
        update jobs j set status = 'closed', closed_at = now(), updated_at = now(), last_changed_by_run = ${runId}
        from gone g where j.id = g.id
        returning j.id, j.closed_at
      ), logged as (
        insert into job_changes (run_id, job_id, op, before, after)
        select ${runId}, g.id, 'close',
          jsonb_build_object('status', 'open', 'contentHash', g.content_hash, 'closedAt', null),
          jsonb_build_object('status', 'closed', 'contentHash', g.content_hash, 'closedAt', u.closed_at)
        from gone g join updated u on u.id = g.id
        returning 1
      )
      select count(*)::int as n from logged`;
    closed = row?.n ?? 0;
  }

  const [{ staged } = { staged: 0 }] = await tx<{ staged: number }[]>`select count(*)::int as staged from staged`;
  const byOp = Object.fromEntries(changed.map((c) => [c.op, c.n]));
  const updated = byOp.update ?? 0;
  const reopened = byOp.reopen ?? 0;
  const counts: RunCounts = {
    records: run.counts.records ?? 0,
    valid: run.counts.valid ?? 0,
    invalid: run.counts.invalid ?? 0,
    created: created?.n ?? 0,
    updated,
    reopened,
    unchanged: staged - (created?.n ?? 0) - updated - reopened,
    closed,
  };
  await tx`update runs set status = 'applied', counts = ${jsonb(counts)}::jsonb, finished_at = now() where id = ${runId}`;
  return counts;
}
