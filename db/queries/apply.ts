import type postgres from 'postgres';
import type { RunCounts } from '../schema';
import type { Run } from './runs';
import { jsonb, type Queryable, type RawRow } from './sql';

/**
 * The set-based statements of a run's apply and revert (orchestrated by activities/runs/apply.ts and revert.ts):
 * each one statement over the whole stage or change log, never a loop over jobs. Called inside the transaction the
 * orchestration owns.
 */
export type ApplyScope = Pick<Run, 'importId' | 'environment'>;

export type RunToApply = Pick<Run, 'status' | 'importId' | 'environment' | 'complete' | 'counts' | 'recordsDigest' | 'recordsFromRun'>;

/** The run, locked for the rest of the transaction. */
export async function lockRunToApply(tx: Queryable, runId: string): Promise<RunToApply | undefined> {
  const [run] = await tx<RunToApply[]>`
    select status, import_id as "importId", environment, complete, counts, records_digest as "recordsDigest", records_from_run as "recordsFromRun"
    from runs where id = ${runId} for update`;
  return run;
}

/** Serialises applies and reverts of one import and environment (two at once would fight over closes). */
export async function lockScope(tx: Queryable, scope: ApplyScope): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext(${`${scope.importId}:${scope.environment}`}))`;
}

export type LatestApply = Pick<Run, 'status' | 'complete' | 'recordsDigest' | 'counts'> & { touched: boolean };

/** The latest run applied or reverted in the scope besides `runId`, and whether a job changed after it. */
export async function latestApply(tx: Queryable, scope: ApplyScope, runId: string): Promise<LatestApply | undefined> {
  const [latest] = await tx<LatestApply[]>`
    select r.status, r.complete, r.records_digest as "recordsDigest", r.counts,
      exists (select 1 from jobs j where j.import_id = r.import_id and j.environment = r.environment and j.updated_at > r.finished_at) as touched
    from runs r
    where r.import_id = ${scope.importId} and r.environment = ${scope.environment} and r.status in ('applied', 'reverted') and r.id <> ${runId}
    order by r.finished_at desc nulls last
    limit 1`;
  return latest;
}

/** Replaces the run's stage with a copy of `fromRunId`'s, and forgets that it stood on it. */
export async function restageFrom(tx: Queryable, runId: string, fromRunId: string): Promise<void> {
  await tx`delete from run_records where run_id = ${runId}`;
  await tx`
    insert into run_records (run_id, seq, external_id, valid, job, content_hash, raw, errors, source_url)
    select ${runId}, seq, external_id, valid, job, content_hash, raw, errors, source_url from run_records where run_id = ${fromRunId}`;
  await tx`update runs set records_from_run = null where id = ${runId}`;
}

/** Valid staged records, and their distinct external ids. */
export async function stageSize(tx: Queryable, runId: string): Promise<{ valid: number; ids: number }> {
  const [stage] = await tx<{ valid: number; ids: number }[]>`
    select count(*)::int as valid, count(distinct external_id)::int as ids from run_records where run_id = ${runId} and valid`;
  return stage!;
}

/**
 * Hash joins, whatever the statistics say: the stage was just written and a new import's jobs were all inserted
 * since the last analyse, so both may be estimated at a few rows, and the planner then loops over a materialised
 * scan — quadratic: 8 s instead of 0.1 s for 20,000 unchanged jobs (the close statement did it too, 46 s, with
 * the earlier temp-table stage). Returns the restore: the transaction may be the caller's.
 */
export async function preferHashJoins(tx: Queryable): Promise<() => Promise<void>> {
  const [planner] = await tx<{ nestloop: string }[]>`select current_setting('enable_nestloop') as nestloop`;
  await tx`set local enable_nestloop = off`;
  return async () => {
    await tx`select set_config('enable_nestloop', ${planner!.nestloop}, true)`;
  };
}

/**
 * The rows the apply statements read: one per external id (external_id, job, content_hash). A fragment, boxed: a
 * postgres.js query is a thenable, and an async function returning one bare would run it.
 */
export interface Staged {
  from: postgres.PendingQuery<postgres.Row[]>;
}

/**
 * The matching rules of the apply, as fragments over fixed aliases (`j` a job of the scope, `s` a staged record):
 * the statements below and the console's "would change" diff of a quarantined run (db/queries/console.ts) are
 * built from them, so the preview cannot drift from what an apply does.
 */
type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** The valid staged record kept for each external id: the first read (`seq`) wins. */
export function firstRecordOfEachId(tx: Queryable, runId: string): Fragment {
  return tx`select distinct on (external_id) external_id, job, content_hash
    from run_records where run_id = ${runId} and valid order by external_id, seq`;
}

/** Job `j` is listed by the run, even as an invalid record: a complete run closes only the open jobs it does not list. */
export function listedByRun(tx: Queryable, runId: string): Fragment {
  return tx`exists (select 1 from run_records r where r.run_id = ${runId} and r.external_id = j.external_id)`;
}

/** Job `j`, matched to staged record `s`, changes: its content differs, or it was closed (it reopens). */
export function changesWith(tx: Queryable): Fragment {
  return tx`(j.content_hash <> s.content_hash or j.status = 'closed')`;
}

/** Staged record `s` has no job in the scope yet: it creates one. */
export function newToScope(tx: Queryable, scope: ApplyScope): Fragment {
  return tx`not exists (select 1 from jobs j where j.import_id = ${scope.importId} and j.environment = ${scope.environment} and j.external_id = s.external_id)`;
}

/**
 * The run's valid staged records as the apply reads them. With duplicated external ids the first record read wins
 * (the checks wrote there what a repeat merges, and the "first" policy applies it; activities/runs/duplicates.ts),
 * through a copy of the stage with one row per id; without duplicates (the usual case) the stage itself.
 */
export async function stagedRecords(tx: Queryable, runId: string, duplicates: boolean): Promise<Staged> {
  if (!duplicates) return { from: tx`(select external_id, job, content_hash from run_records where run_id = ${runId} and valid)` };
  await tx`create temp table staged on commit drop as ${firstRecordOfEachId(tx, runId)}`;
  await tx`create unique index on staged (external_id)`;
  await tx`analyze staged`;
  return { from: tx`staged` };
}

/** Closes the open jobs of the scope the run does not list (even as an invalid record), logged. Returns how many. */
export async function closeUnlisted(tx: Queryable, scope: ApplyScope, runId: string): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    with gone as (
      select j.id, j.content_hash from jobs j
      where j.import_id = ${scope.importId} and j.environment = ${scope.environment} and j.status = 'open'
        and not ${listedByRun(tx, runId)}
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
  return row?.n ?? 0;
}

/** Updates the listed jobs whose content changed and reopens the closed ones, logged. Returns counts by op. */
export async function updateChanged(tx: Queryable, scope: ApplyScope, runId: string, staged: Staged): Promise<{ updated: number; reopened: number }> {
  const changed = await tx<{ op: 'update' | 'reopen'; n: number }[]>`
    with changed as (
      select j.id, j.status, j.data, j.content_hash, j.closed_at, s.job as new_data, s.content_hash as new_hash
      from jobs j join ${staged.from} s on s.external_id = j.external_id
      where j.import_id = ${scope.importId} and j.environment = ${scope.environment}
        and ${changesWith(tx)}
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
  const byOp = Object.fromEntries(changed.map((c) => [c.op, c.n]));
  return { updated: byOp.update ?? 0, reopened: byOp.reopen ?? 0 };
}

/** Inserts the listed jobs the scope does not know, logged. Returns how many. */
export async function insertNew(tx: Queryable, scope: ApplyScope, runId: string, staged: Staged): Promise<number> {
  const [created] = await tx<{ n: number }[]>`
    with inserted as (
      insert into jobs (import_id, environment, external_id, status, data, content_hash, created_by_run, last_changed_by_run)
      select ${scope.importId}, ${scope.environment}, s.external_id, 'open', s.job, s.content_hash, ${runId}, ${runId}
      from ${staged.from} s
      where ${newToScope(tx, scope)}
      returning id, content_hash
    ), logged as (
      insert into job_changes (run_id, job_id, op, before, after)
      select ${runId}, id, 'create', null, jsonb_build_object('status', 'open', 'contentHash', content_hash, 'closedAt', null) from inserted
      returning 1
    )
    select count(*)::int as n from logged`;
  return created?.n ?? 0;
}

export async function markApplied(tx: Queryable, runId: string, counts: RunCounts): Promise<RunCounts> {
  // clock_timestamp(): when the apply ended; now() is the transaction's start.
  await tx`update runs set status = 'applied', counts = ${jsonb(counts)}::jsonb, finished_at = clock_timestamp() where id = ${runId}`;
  return counts;
}

export type RunToRevert = RawRow<Pick<Run, 'status' | 'importId' | 'environment' | 'startedAt'>>;

export async function lockRunToRevert(tx: Queryable, runId: string): Promise<RunToRevert | undefined> {
  const [run] = await tx<RunToRevert[]>`
    select status, import_id as "importId", environment, started_at as "startedAt" from runs where id = ${runId} for update`;
  return run;
}

/** A run of the scope applied after `run` started: it was computed against `run`'s result. */
export async function laterApplied(tx: Queryable, run: RunToRevert, runId: string): Promise<Pick<Run, 'id'> | undefined> {
  const [later] = await tx<Pick<Run, 'id'>[]>`
    select id from runs where import_id = ${run.importId} and environment = ${run.environment}
      and status = 'applied' and started_at > ${run.startedAt} and id <> ${runId}
    order by started_at desc limit 1`;
  return later;
}

/** Replays the run's change log backwards: created jobs closed, others restored to their state before it. */
export async function undoChanges(tx: Queryable, runId: string): Promise<{ reclosed: number; restored: number; reopened: number }> {
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
  const reopened = ops?.reopened ?? 0;
  return { reclosed: reclosed.count, restored: restored.count - reopened, reopened };
}
