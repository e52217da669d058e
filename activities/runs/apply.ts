import type postgres from 'postgres';
import type { RunCounts } from '../../db/schema';
import { redact } from '../../platform/redact';

export class RunStateError extends Error {}

/**
 * A value for a jsonb parameter: JSON text, cast in the statement (`${jsonb(x)}::jsonb`). The connections
 * come from db/client.ts, whose drizzle driver makes postgres.js's json/jsonb serialisers pass text through
 * unchanged; on a bare postgres() connection the text would be encoded a second time. Redacted as JSON text
 * (platform/redact.ts: masks never span a quote, so the text stays JSON): run errors, observations, alert and
 * incident contexts are written through here.
 */
export const jsonb = (value: unknown): string => redact(JSON.stringify(value ?? null));

/**
 * Applies a run's staged records to the jobs table in one transaction: new jobs inserted, changed ones
 * updated (content hash), closed ones that came back reopened, and — when the fetch was complete — open jobs
 * missing from it closed. Unchanged jobs are not written at all. Every change goes to job_changes with the
 * state before it (the data only when it changes), which is what a revert replays. Idempotent: a run
 * already applied returns its stored counts and changes nothing. A run whose staged records are not all there
 * is refused; a re-run whose records are those of the apply still in force skips the diff (same outcome). A run
 * that found its source unchanged (`records_from_run`, activities/runs/source.ts) staged nothing: it is marked
 * applied while that apply is in force, and otherwise applies the staged records of the run it stood on.
 */
export function applyRun(sql: postgres.Sql, runId: string): Promise<RunCounts> {
  return sql.begin((tx) => applyRunIn(tx, runId));
}

/** The same, inside a transaction the caller owns (`importer try` rolls it back to show a diff without writing). */
export async function applyRunIn(tx: postgres.TransactionSql, runId: string): Promise<RunCounts> {
  const [run] = await tx<RunRow[]>`
    select status, import_id, environment, complete, counts, records_digest, records_from_run from runs where id = ${runId} for update`;
  if (!run) throw new RunStateError(`Run ${runId} does not exist`);
  if (run.status === 'applied') return run.counts as RunCounts;
  if (run.status !== 'extracted' && run.status !== 'quarantined') {
    throw new RunStateError(`Run ${runId} is ${run.status}: only an extracted or quarantined run can be applied`);
  }
  // Serialises applies of one import and environment (two runs applied at once would fight over closes).
  await tx`select pg_advisory_xact_lock(hashtext(${`${run.import_id}:${run.environment}`}))`;
  const scope = { importId: run.import_id, environment: run.environment };

  const inForce = await sameRecordsInForce(tx, runId, run);
  if (run.records_from_run) {
    // The run found its source unchanged and staged nothing. While the apply it stood on is in force, there is
    // nothing to do; otherwise (a revert or another apply came in between) it takes the staged records of the run
    // they come from and is applied as any other (those records gone: refused below, "extract again").
    if (inForce !== null) return markApplied(tx, runId, { ...baseCounts(run), created: 0, updated: 0, reopened: 0, unchanged: inForce.listed, closed: 0 });
    await tx`delete from run_records where run_id = ${runId}`;
    await tx`
      insert into run_records (run_id, seq, external_id, valid, job, content_hash, raw, errors, source_url)
      select ${runId}, seq, external_id, valid, job, content_hash, raw, errors, source_url from run_records where run_id = ${run.records_from_run}`;
    await tx`update runs set records_from_run = null where id = ${runId}`;
  }

  // The stage must hold what the extraction counted: a run whose records went missing (a COPY error dropped, the
  // rows deleted) would otherwise close every job it no longer lists. Fail it loudly instead.
  const [stage] = await tx<{ valid: number; ids: number }[]>`
    select count(*)::int as valid, count(distinct external_id)::int as ids from run_records where run_id = ${runId} and valid`;
  const expected = run.counts.valid ?? 0;
  if (stage!.valid !== expected) {
    throw new RunStateError(`staged records of run ${runId} are missing (${stage!.valid} of ${expected}): extract again`);
  }

  if (inForce !== null && !run.records_from_run) {
    // No statement would find anything to do: the jobs are left alone and the counts say so.
    return markApplied(tx, runId, { ...baseCounts(run), created: 0, updated: 0, reopened: 0, unchanged: stage!.ids, closed: 0 });
  }

  // Duplicated external ids: the first record read wins (the checks wrote there what a repeat merges, and the
  // "first" policy applies it; activities/runs/duplicates.ts), through a copy of the stage with one row per id. Without duplicates (the usual case) the statements read the stage itself.
  let staged = tx`(select external_id, job, content_hash from run_records where run_id = ${runId} and valid)`;
  // Hash joins, whatever the statistics say: the stage was just written and a new import's jobs were all inserted
  // since the last analyse, so both may be estimated at a few rows, and the planner then loops over a materialised
  // scan — quadratic: 8 s instead of 0.1 s for 20,000 unchanged jobs (the close statement did it too, 46 s, with
  // the earlier temp-table stage). Restored at the end: the transaction may be the caller's.
  const [planner] = await tx<{ nestloop: string }[]>`select current_setting('enable_nestloop') as nestloop`;
  await tx`set local enable_nestloop = off`;
  if (stage!.ids !== stage!.valid) {
    await tx`create temp table staged on commit drop as
      select distinct on (external_id) external_id, job, content_hash
      from run_records where run_id = ${runId} and valid order by external_id, seq`;
    await tx`create unique index on staged (external_id)`;
    await tx`analyze staged`;
    staged = tx`staged`;
  }

  // Closes first, then updates, then inserts: the three touch disjoint jobs (absent from the stage; listed and
  // known; listed and new), so the order changes no outcome — but on a first import the closes and updates then
  // find no job at all instead of scanning every job the insert just wrote.
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

  const changed = await tx<{ op: string; n: number }[]>`
    with changed as (
      select j.id, j.status, j.data, j.content_hash, j.closed_at, s.job as new_data, s.content_hash as new_hash
      from jobs j join ${staged} s on s.external_id = j.external_id
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

  const [created] = await tx<{ n: number }[]>`
    with inserted as (
      insert into jobs (import_id, environment, external_id, status, data, content_hash, created_by_run, last_changed_by_run)
      select ${scope.importId}, ${scope.environment}, s.external_id, 'open', s.job, s.content_hash, ${runId}, ${runId}
      from ${staged} s
      where not exists (select 1 from jobs j where j.import_id = ${scope.importId} and j.environment = ${scope.environment} and j.external_id = s.external_id)
      returning id, content_hash
    ), logged as (
      insert into job_changes (run_id, job_id, op, before, after)
      select ${runId}, id, 'create', null, jsonb_build_object('status', 'open', 'contentHash', content_hash, 'closedAt', null) from inserted
      returning 1
    )
    select count(*)::int as n from logged`;

  const byOp = Object.fromEntries(changed.map((c) => [c.op, c.n]));
  const updated = byOp.update ?? 0;
  const reopened = byOp.reopen ?? 0;
  const counts: RunCounts = {
    ...baseCounts(run),
    created: created?.n ?? 0,
    updated,
    reopened,
    unchanged: stage!.ids - (created?.n ?? 0) - updated - reopened,
    closed,
  };
  await tx`select set_config('enable_nestloop', ${planner!.nestloop}, true)`;
  return markApplied(tx, runId, counts);
}

async function markApplied(tx: postgres.TransactionSql, runId: string, counts: RunCounts): Promise<RunCounts> {
  // clock_timestamp(): when the apply ended; now() is the transaction's start.
  await tx`update runs set status = 'applied', counts = ${jsonb(counts)}::jsonb, finished_at = clock_timestamp() where id = ${runId}`;
  return counts;
}

interface RunRow {
  status: string;
  import_id: string;
  environment: string;
  complete: boolean;
  counts: Partial<RunCounts>;
  records_digest: string | null;
  records_from_run: string | null;
}

const baseCounts = (run: RunRow) => ({ records: run.counts.records ?? 0, valid: run.counts.valid ?? 0, invalid: run.counts.invalid ?? 0 });

/**
 * Set when applying the run cannot change anything, so the diff can be skipped: its records digest equals that of
 * the latest run applied to the import and environment, and that apply still stands — the run was complete (every
 * open job it did not list was closed), it was not reverted, and no job changed after it (a staging teardown closes
 * them all without a run). Then every job the run lists as valid is open with its content hash (duplicates: the
 * same first record wins), and every open job is listed: nothing to create, update, reopen or close. `listed` is the
 * number of jobs that apply left listed. Applies are serialised per import and environment (the advisory lock), so
 * "latest" is by finished_at, which is taken at the end of each apply.
 */
async function sameRecordsInForce(tx: postgres.TransactionSql, runId: string, run: RunRow): Promise<{ listed: number } | null> {
  if (!run.records_digest) return null;
  const [latest] = await tx<{ status: string; complete: boolean; records_digest: string | null; counts: Partial<RunCounts>; touched: boolean }[]>`
    select r.status, r.complete, r.records_digest, r.counts,
      exists (select 1 from jobs j where j.import_id = r.import_id and j.environment = r.environment and j.updated_at > r.finished_at) as touched
    from runs r
    where r.import_id = ${run.import_id} and r.environment = ${run.environment} and r.status in ('applied', 'reverted') and r.id <> ${runId}
    order by r.finished_at desc nulls last
    limit 1`;
  if (!latest || latest.status !== 'applied' || !latest.complete || latest.records_digest !== run.records_digest || latest.touched) return null;
  const c = latest.counts;
  return { listed: (c.created ?? 0) + (c.updated ?? 0) + (c.reopened ?? 0) + (c.unchanged ?? 0) };
}
