import type { runRecords } from '../schema';
import type { Run } from './runs';
import { jsonb, type Queryable } from './sql';

/**
 * A run's stage (`run_records`, written by the compartment's COPY: activities/compartment/stage-writer.ts) as the
 * checks and the apply read it.
 */
export type RunRecord = typeof runRecords.$inferSelect;

/** A job field whose coverage is measured: a JSON path into the staged job, or for `locations.*` a field some place fills. */
export type CoverageField = { path: string[] } | { anyPlace: string };

/** Counts of the stage and, per coverage field, the share of valid records filling it (0…1). */
export async function stageTotals(
  sql: Queryable,
  runId: string,
  fields: Record<string, CoverageField>,
): Promise<{ records: number; valid: number; invalid: number; coverage: Record<string, number> }> {
  // Aliased c0…cN: postgres.js would quote a dotted name like "locations.city" as two identifiers.
  const selects = Object.values(fields).map((field, i) => {
    const filled =
      'path' in field
        ? sql`nullif(nullif(job #>> ${field.path}, ''), 'null') is not null`
        : sql`jsonb_path_exists(job, ${`$.locations[*] ? (@.${field.anyPlace} != null && @.${field.anyPlace} != "")`}::jsonpath)`;
    return sql`, coalesce(avg(case when ${filled} then 1.0 else 0.0 end) filter (where valid), 0)::float8 as ${sql(`c${i}`)}`;
  });
  const [totals] = await sql<Record<string, number>[]>`
    select count(*)::int as records, count(*) filter (where valid)::int as valid, count(*) filter (where not valid)::int as invalid
    ${selects}
    from run_records where run_id = ${runId}`;
  return {
    records: totals?.records ?? 0,
    valid: totals?.valid ?? 0,
    invalid: totals?.invalid ?? 0,
    coverage: Object.fromEntries(Object.keys(fields).map((name, i) => [name, Number(totals?.[`c${i}`] ?? 0)])),
  };
}

export type DuplicatedRecord<J> = Pick<RunRecord, 'seq'> & { externalId: string; job: J };

/** The valid records whose external id is repeated in the stage, by id then reading order. */
export async function duplicatedRecords<J>(sql: Queryable, runId: string): Promise<DuplicatedRecord<J>[]> {
  return sql<DuplicatedRecord<J>[]>`
    select external_id as "externalId", seq, job from run_records
    where run_id = ${runId} and valid and external_id in (
      select external_id from run_records where run_id = ${runId} and valid group by external_id having count(*) > 1)
    order by external_id, seq`;
}

/** Rewrites one staged record's job (and its content hash). */
export async function rewriteStagedJob(sql: Queryable, runId: string, seq: number, job: { contentHash: string }): Promise<void> {
  await sql`update run_records set job = ${jsonb(job)}::jsonb, content_hash = ${job.contentHash}
    where run_id = ${runId} and seq = ${seq}`;
}

export type SampleRecord = Pick<RunRecord, 'job' | 'raw' | 'errors' | 'sourceUrl'>;

/** The record an alert shows: the first invalid one, else the first. */
export async function sampleRecord(sql: Queryable, runId: string): Promise<SampleRecord | undefined> {
  const [sample] = await sql<SampleRecord[]>`
    select job, raw, errors, source_url as "sourceUrl" from run_records where run_id = ${runId} order by valid, seq limit 1`;
  return sample;
}

/** The figures of the last applied runs of the import in this environment, newest first. */
export async function appliedRunFigures(sql: Queryable, scope: Pick<Run, 'importId' | 'environment'>, excludeRunId: string, limit: number): Promise<Pick<Run, 'id' | 'figures'>[]> {
  return sql<Pick<Run, 'id' | 'figures'>[]>`
    select id, figures from runs
    where import_id = ${scope.importId} and environment = ${scope.environment} and status = 'applied' and id <> ${excludeRunId} and figures is not null
    order by started_at desc limit ${limit}`;
}

/** See activities/runs/stages.ts for what is kept. `onlyImports` limits the deletion to those imports. */
export async function deleteStagesOfFinishedRuns(sql: Queryable, options: { olderThanMs: number; onlyImports?: string[] }): Promise<{ runs: number; records: number }> {
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
