import type postgres from 'postgres';
import type { alerts, importConfigs, runs } from '../schema';
import { jsonb, type Queryable } from './sql';

/**
 * The runs table seen by the run workflow's activities: one statement per step of a run's life (created, extracted,
 * checked, quarantined, applied, discarded, failed). Set-based statements over the stage and the jobs are in
 * ./apply.ts and ./run-records.ts.
 */
export type Run = typeof runs.$inferSelect;
export type ImportConfig = typeof importConfigs.$inferSelect;
export type Alert = typeof alerts.$inferSelect;

/** What the activities read of a run. */
export type RunHead = Pick<Run, 'id' | 'importId' | 'environment' | 'workflowId' | 'importerKey' | 'status' | 'observations' | 'recordsFromRun' | 'figures'>;

export async function findRun(sql: Queryable, runId: string): Promise<RunHead | undefined> {
  const [run] = await sql<RunHead[]>`
    select id, import_id as "importId", environment, workflow_id as "workflowId", importer_key as "importerKey", status,
      observations, records_from_run as "recordsFromRun", figures
    from runs where id = ${runId}`;
  return run;
}

export type RunConfig = Pick<ImportConfig, 'importerKey' | 'config' | 'fetchPolicy' | 'checks'>;

/** The configuration a run of this import and environment extracts and checks with. */
export async function findImportConfig(sql: Queryable, importId: string, environment: Run['environment']): Promise<RunConfig | undefined> {
  const [config] = await sql<RunConfig[]>`
    select importer_key as "importerKey", config, fetch_policy as "fetchPolicy", checks
    from import_configs where import_id = ${importId} and environment = ${environment}`;
  return config;
}

/** Creates the run row of a workflow, once: a retry finds the existing one. */
export async function insertRun(sql: Queryable, run: Pick<Run, 'importId' | 'environment' | 'workflowId' | 'importerKey'>): Promise<Run['id']> {
  const [row] = await sql<Pick<Run, 'id'>[]>`
    insert into runs (id, import_id, environment, workflow_id, importer_key)
    values (gen_random_uuid(), ${run.importId}, ${run.environment}, ${run.workflowId}, ${run.importerKey})
    on conflict (workflow_id) do update set workflow_id = excluded.workflow_id
    returning id`;
  return row!.id;
}

/** Keeps what a failed extraction observed and its (redacted) error; the status is the workflow's to decide. */
export async function recordExtractionError(sql: Queryable, runId: string, observations: unknown, error: unknown): Promise<void> {
  await sql`update runs set observations = ${jsonb(observations)}::jsonb, error = ${jsonb(error)}::jsonb where id = ${runId}`;
}

export interface Extracted {
  counts: { records: number; valid: number; invalid: number };
  observations: unknown;
  /** null: no source to find unchanged later (`importer try`'s rolled-back run, scripts/importer/dry-run.ts). */
  sourceKey: string | null;
  /** null: the documents are not replayable (a secret in a URL), the next run cannot find its source unchanged. */
  sourceDocuments: unknown[] | null;
}

export async function markExtracted(sql: Queryable, runId: string, x: Extracted): Promise<void> {
  await sql`
    update runs set status = 'extracted', extracted_at = now(), complete = true, error = null,
      counts = ${jsonb(x.counts)}::jsonb, observations = ${jsonb(x.observations)}::jsonb,
      source_key = ${x.sourceKey}, source_documents = ${x.sourceDocuments ? jsonb(x.sourceDocuments) : null}::jsonb, records_from_run = null, skip_reason = null
    where id = ${runId}`;
}

export interface UnchangedSource {
  counts: { records: number; valid: number; invalid: number };
  observations: unknown;
  figures: unknown;
  recordsDigest: string;
  sourceKey: string;
  sourceDocuments: unknown[];
  recordsFromRun: string;
  skipReason: string;
}

/** An extracted run that staged nothing: its records are those of `recordsFromRun` (activities/runs/source.ts). */
export async function markExtractedUnchanged(sql: Queryable, runId: string, x: UnchangedSource): Promise<void> {
  await sql`
    update runs set status = 'extracted', extracted_at = now(), complete = true, error = null,
      counts = ${jsonb(x.counts)}::jsonb, observations = ${jsonb(x.observations)}::jsonb,
      figures = ${jsonb(x.figures)}::jsonb, records_digest = ${x.recordsDigest}, source_key = ${x.sourceKey},
      source_documents = ${jsonb(x.sourceDocuments)}::jsonb, records_from_run = ${x.recordsFromRun}, skip_reason = ${x.skipReason}
    where id = ${runId}`;
}

export type PreviousRun = Pick<
  Run,
  'id' | 'status' | 'complete' | 'sourceKey' | 'sourceDocuments' | 'recordsFromRun' | 'counts' | 'observations' | 'figures' | 'recordsDigest'
> & {
  /** A job of the import and environment changed after the run finished. */
  touched: boolean;
  /** The run is the latest applied (or reverted) one of its import and environment. */
  inForce: boolean;
};

/** The latest finished run of the import and environment before `run`, with whether its apply still stands. */
export async function latestFinishedRun(sql: Queryable, run: Pick<Run, 'id' | 'importId' | 'environment'>): Promise<PreviousRun | undefined> {
  const [latest] = await sql<PreviousRun[]>`
    select r.id, r.status, r.complete, r.source_key as "sourceKey", r.source_documents as "sourceDocuments",
      r.records_from_run as "recordsFromRun", r.counts, r.observations, r.figures, r.records_digest as "recordsDigest",
      exists (select 1 from jobs j where j.import_id = r.import_id and j.environment = r.environment and j.updated_at > r.finished_at) as touched,
      r.id = (select a.id from runs a where a.import_id = r.import_id and a.environment = r.environment and a.status in ('applied', 'reverted')
              order by a.finished_at desc nulls last limit 1) as "inForce"
    from runs r
    where r.import_id = ${run.importId} and r.environment = ${run.environment} and r.id <> ${run.id}
      and r.status in ('applied', 'reverted', 'discarded', 'failed')
    order by r.started_at desc
    limit 1`;
  return latest;
}

export async function saveCheckResults(sql: Queryable, runId: string, figures: unknown, results: unknown): Promise<void> {
  await sql`update runs set figures = ${jsonb(figures)}::jsonb, checks = ${jsonb(results)}::jsonb where id = ${runId}`;
}

export async function findCheckResults(sql: Queryable, runId: string): Promise<Run['checks']> {
  const [row] = await sql<Pick<Run, 'checks'>[]>`select checks from runs where id = ${runId}`;
  return row?.checks ?? null;
}

export async function setDecidedBy(sql: Queryable, runId: string, by: string): Promise<void> {
  await sql`update runs set decided_by = ${by} where id = ${runId}`;
}

/** A run held back or extracted is discarded: nothing applied, the decision kept. */
export async function discardRun(sql: Queryable, runId: string, by: string): Promise<void> {
  await sql`update runs set status = 'discarded', decided_by = ${by}, finished_at = now() where id = ${runId} and status in ('extracted', 'quarantined')`;
}

export type RunAlert = Pick<Alert, 'summary' | 'context'>;

/** Holds the run back and writes its alert, once (a retried activity finds the alert it wrote). */
export function quarantineRun(sql: postgres.Sql, run: Pick<Run, 'id' | 'importId' | 'environment'>, alert: RunAlert): Promise<{ alertId: number }> {
  return sql.begin(async (tx) => {
    await tx`update runs set status = 'quarantined' where id = ${run.id} and status in ('extracted', 'quarantined')`;
    return { alertId: await insertRunAlertOnce(tx, run, 'run_quarantined', alert) };
  });
}

/** Marks the run failed, unless it was applied or reverted meanwhile, and writes its alert, once. */
export function failRun(sql: postgres.Sql, run: Pick<Run, 'id' | 'importId' | 'environment'>, error: unknown, alert: RunAlert): Promise<{ alertId: number }> {
  return sql.begin(async (tx) => {
    await tx`update runs set status = 'failed', error = ${jsonb(error)}::jsonb, finished_at = now() where id = ${run.id} and status not in ('applied', 'reverted')`;
    return { alertId: await insertRunAlertOnce(tx, run, 'run_failed', alert) };
  });
}

async function insertRunAlertOnce(tx: Queryable, run: Pick<Run, 'id' | 'importId' | 'environment'>, kind: string, alert: RunAlert): Promise<Alert['id']> {
  const [existing] = await tx<Pick<Alert, 'id'>[]>`select id from alerts where run_id = ${run.id} and kind = ${kind}`;
  if (existing) return existing.id;
  const [inserted] = await tx<Pick<Alert, 'id'>[]>`
    insert into alerts (import_id, run_id, environment, kind, summary, context)
    values (${run.importId}, ${run.id}, ${run.environment}, ${kind}, ${alert.summary}, ${jsonb(alert.context)}::jsonb)
    returning id`;
  return inserted!.id;
}

export type UnfinishedRun = Pick<Run, 'id' | 'importId' | 'workflowId' | 'status' | 'recordsFromRun'> & {
  /** Valid records the extraction counted. */
  expected: number;
  /** Valid records staged now (a Postgres crash empties the unlogged run_records). */
  staged: number;
};

/** Runs still marked under way (running, extracted, quarantined) that started over `minAgeMs` ago, oldest first. */
export function unfinishedRuns(sql: Queryable, input: { minAgeMs: number; onlyImports?: string[]; limit?: number }): Promise<UnfinishedRun[]> {
  const only = input.onlyImports ?? null;
  return sql<UnfinishedRun[]>`
    select r.id, r.import_id as "importId", r.workflow_id as "workflowId", r.status, r.records_from_run as "recordsFromRun",
      coalesce((r.counts->>'valid')::int, 0) as expected,
      (select count(*)::int from run_records s where s.run_id = r.id and s.valid) as staged
    from runs r
    where r.status in ('running', 'extracted', 'quarantined')
      and r.started_at < now() - make_interval(secs => ${input.minAgeMs / 1000})
      and (${only}::uuid[] is null or r.import_id = any(${only}::uuid[]))
    order by r.started_at
    limit ${input.limit ?? 200}`;
}
