import type postgres from 'postgres';

/**
 * Staged records (`run_records`) kept after their run ended: those of runs still under way (running, extracted,
 * quarantined — a quarantined run may still be applied), of the run each import and environment last applied or
 * reverted (an unchanged-source run stands on them, and applies them if that apply was undone in between), and those
 * such runs point to (`records_from_run`). Every other finished run's stage, older than `olderThanMs`, is deleted:
 * what the stage held is in `jobs` and `job_changes` now, or was never applied. Runs themselves are kept.
 * `onlyImports` limits the deletion to those imports (tests share one database).
 */
export async function pruneStages(sql: postgres.Sql, options: { olderThanMs: number; onlyImports?: string[] }): Promise<{ runs: number; records: number }> {
  const only = options.onlyImports ?? null;
  const rows = await sql<{ runs: number; records: number }[]>`
    with latest as (
      select distinct on (import_id, environment) id, records_from_run from runs
      where status in ('applied', 'reverted')
      order by import_id, environment, finished_at desc nulls last
    ), under_way as (
      select id, records_from_run from runs where status in ('running', 'extracted', 'quarantined')
    ), kept as (
      select id from latest union select records_from_run from latest where records_from_run is not null
      union select id from under_way union select records_from_run from under_way where records_from_run is not null
    ), done as (
      select r.id from runs r
      where r.status in ('applied', 'reverted', 'discarded', 'failed')
        and r.finished_at < now() - make_interval(secs => ${options.olderThanMs / 1000})
        and r.id not in (select id from kept)
        and exists (select 1 from run_records s where s.run_id = r.id)
        and (${only}::uuid[] is null or r.import_id = any(${only}::uuid[]))
    ), deleted as (
      delete from run_records where run_id in (select id from done) returning run_id
    )
    select count(distinct run_id)::int as runs, count(*)::int as records from deleted`;
  return rows[0] ?? { runs: 0, records: 0 };
}
