import type { clients, importConfigs, imports, jobs, runRecords } from '../schema';
import { jsonb, type Queryable } from './sql';

/**
 * What `npm run importer -- try` alone reads and writes (scripts/importer/dry-run.ts, target.ts): the temporary
 * import of a try without `--import`, the stage as its report shows it, an existing import's environments and job
 * counts. Everything else the dry run does (the run row, the stage, figures, the apply) goes through the worker's
 * own functions (./runs.ts, ./run-records.ts, ./apply.ts), so that the diff it prints is the one a run would make.
 */
type RunRecord = typeof runRecords.$inferSelect;
type ImportRow = typeof imports.$inferSelect;
type ImportConfigRow = typeof importConfigs.$inferSelect;
type JobRow = typeof jobs.$inferSelect;

/** An import, its client and its configuration in one environment, for one try: created in its rolled-back transaction. */
export interface TemporaryImport {
  id: ImportRow['id'];
  /** Unique in `clients`: the import id makes it so. */
  clientName: (typeof clients.$inferSelect)['name'];
  name: ImportRow['name'];
  kind: ImportRow['kind'];
  sourceUrls: ImportRow['sourceUrls'];
  requestedBy: ImportRow['requestedBy'];
  config: Pick<ImportConfigRow, 'environment' | 'importerKey' | 'config' | 'fetchPolicy'>;
}

export async function insertTemporaryImport(sql: Queryable, imp: TemporaryImport): Promise<void> {
  const [client] = await sql<Pick<typeof clients.$inferSelect, 'id'>[]>`insert into clients (name) values (${imp.clientName}) returning id`;
  await sql`
    insert into imports (id, client_id, name, kind, source_urls, requested_by)
    values (${imp.id}, ${client!.id}, ${imp.name}, ${imp.kind}, ${jsonb(imp.sourceUrls)}::jsonb, ${imp.requestedBy})`;
  await sql`
    insert into import_configs (import_id, environment, importer_key, config, checks, fetch_policy)
    values (${imp.id}, ${imp.config.environment}, ${imp.config.importerKey}, ${jsonb(imp.config.config)}::jsonb,
      ${jsonb({})}::jsonb, ${jsonb(imp.config.fetchPolicy)}::jsonb)`;
}

/** A valid staged job as the report's table shows it: the columns are read out of the staged job. */
export interface TriedJob {
  externalId: NonNullable<RunRecord['externalId']>;
  title: string;
  /** Every place's city, in order ("Lyon | Villeurbanne"). */
  city: string | null;
  /** Every distinct country, in order. */
  country: string | null;
  /** Contract type and working time ("permanent, part_time"). */
  contract: string | null;
  postedAt: string | null;
}

/** The run's valid records, in the order read. */
export function triedJobs(sql: Queryable, runId: RunRecord['runId']): Promise<TriedJob[]> {
  return sql<TriedJob[]>`
    select external_id as "externalId", job->>'title' as title,
      (select string_agg(l->>'city', ' | ' order by n) from jsonb_array_elements(job->'locations') with ordinality as p(l, n)) as city,
      (select string_agg(c, ' | ' order by n) from (
        select l->>'country' as c, min(n) as n from jsonb_array_elements(job->'locations') with ordinality as p(l, n) group by 1) countries) as country,
      nullif(concat_ws(', ', job->>'contractType', job->>'workingTime'), '') as contract, job->>'postedAt' as "postedAt"
    from run_records where run_id = ${runId} and valid order by seq`;
}

/** An invalid staged record: the stage writer always gives one its errors. */
export type InvalidRecord = Pick<RunRecord, 'seq' | 'externalId'> & { errors: NonNullable<RunRecord['errors']> };

/** The run's invalid records, in the order read. */
export function invalidRecords(sql: Queryable, runId: RunRecord['runId']): Promise<InvalidRecord[]> {
  return sql<InvalidRecord[]>`
    select seq, external_id as "externalId", errors from run_records where run_id = ${runId} and not valid order by seq`;
}

/** A valid job as normalised and staged, every field, with the page it came from. */
export type NormalisedRecord = Pick<RunRecord, 'sourceUrl'> & { externalId: NonNullable<RunRecord['externalId']>; job: NonNullable<RunRecord['job']> };

/** The run's valid records whole (`--json`, `--show`), in the order read. */
export function normalisedRecords(sql: Queryable, runId: RunRecord['runId']): Promise<NormalisedRecord[]> {
  return sql<NormalisedRecord[]>`
    select external_id as "externalId", job, source_url as "sourceUrl" from run_records where run_id = ${runId} and valid order by seq`;
}

/** The environments the import has a configuration for, in order; undefined when the import does not exist. */
export async function configuredEnvironments(sql: Queryable, importId: ImportRow['id']): Promise<ImportConfigRow['environment'][] | undefined> {
  const [row] = await sql<{ environments: ImportConfigRow['environment'][] }[]>`
    select array(select c.environment from import_configs c where c.import_id = i.id order by c.environment) as environments
    from imports i where i.id = ${importId}`;
  return row?.environments;
}

/** How many of the import's jobs in the environment are open and closed: what the diff is computed against. */
export async function jobStatusCounts(sql: Queryable, importId: JobRow['importId'], environment: JobRow['environment']): Promise<{ open: number; closed: number }> {
  const [counts] = await sql<{ open: number; closed: number }[]>`
    select count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'closed')::int as closed
    from jobs where import_id = ${importId} and environment = ${environment}`;
  return counts ?? { open: 0, closed: 0 };
}
