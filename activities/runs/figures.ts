import type postgres from 'postgres';
import { withCurrentFieldPaths } from '../../importers/sdk/job-fields';
import type { GoodRun, RunFigures } from '../checks/types';
import type { Observations } from '../compartment/protocol';
import { resolveStagedDuplicates } from './duplicates';

/**
 * Job fields whose coverage is watched: a JSON path into the staged job, or for `locations.*` a field that some
 * place of the job fills (a jsonpath filter).
 */
const COVERAGE_FIELDS: Record<string, { path: string[] } | { anyPlace: string }> = {
  description: { path: ['description'] },
  'locations.city': { anyPlace: 'city' },
  'locations.region': { anyPlace: 'region' },
  'locations.postalCode': { anyPlace: 'postalCode' },
  'locations.country': { anyPlace: 'country' },
  contractType: { path: ['contractType'] },
  workingTime: { path: ['workingTime'] },
  contractLabel: { path: ['contractLabel'] },
  department: { path: ['department'] },
  salary: { path: ['salary'] },
  applyUrl: { path: ['applyUrl'] },
  postedAt: { path: ['postedAt'] },
  updatedAt: { path: ['updatedAt'] },
};

/**
 * The figures a run's checks judge, computed in Postgres from its staged records and its observations. Repeated
 * external ids are resolved in the stage first (activities/runs/duplicates.ts): what the apply will take is what
 * the checks judge.
 */
export async function computeFigures(sql: postgres.Sql, runId: string, observations: Observations | null): Promise<RunFigures> {
  // Aliased c0…cN: postgres.js would quote a dotted name like "locations.city" as two identifiers.
  const coverageSelects = Object.values(COVERAGE_FIELDS).map((field, i) => {
    const filled =
      'path' in field
        ? sql`nullif(nullif(job #>> ${field.path}, ''), 'null') is not null`
        : sql`jsonb_path_exists(job, ${`$.locations[*] ? (@.${field.anyPlace} != null && @.${field.anyPlace} != "")`}::jsonpath)`;
    return sql`, coalesce(avg(case when ${filled} then 1.0 else 0.0 end) filter (where valid), 0)::float8 as ${sql(`c${i}`)}`;
  });
  const [totals] = await sql<Record<string, number>[]>`
    select count(*)::int as records, count(*) filter (where valid)::int as valid, count(*) filter (where not valid)::int as invalid
    ${coverageSelects}
    from run_records where run_id = ${runId}`;
  const { duplicates, duplicateTotals } = await resolveStagedDuplicates(sql, runId);
  const fieldCoverage = Object.fromEntries(Object.keys(COVERAGE_FIELDS).map((name, i) => [name, round(Number(totals?.[`c${i}`] ?? 0))]));
  const pages = observations?.pages ?? [];
  return {
    records: totals?.records ?? 0,
    valid: totals?.valid ?? 0,
    invalid: totals?.invalid ?? 0,
    duplicates,
    duplicateTotals,
    fieldCoverage,
    pages,
    selectors: observations?.selectors ?? [],
    fidelity: observations?.fidelity ?? [],
    expectedCounts: observations?.expectedCounts ?? [],
    httpErrors: pages.filter((p) => p.status >= 400).map((p) => ({ url: p.url, status: p.status, message: `HTTP ${p.status}` })),
  };
}

/** The last applied runs of the import in this environment, newest first. */
export async function goodRuns(sql: postgres.Sql, importId: string, environment: string, excludeRunId: string, limit: number): Promise<GoodRun[]> {
  const rows = await sql<{ id: string; figures: RunFigures | null }[]>`
    select id, figures from runs
    where import_id = ${importId} and environment = ${environment} and status = 'applied' and id <> ${excludeRunId} and figures is not null
    order by started_at desc limit ${limit}`;
  return rows.map((r) => ({
    runId: r.id,
    valid: r.figures?.valid ?? 0,
    // Runs before the job model v2 name some fields by their former paths ("location.city").
    fieldCoverage: withCurrentFieldPaths(r.figures?.fieldCoverage ?? {}),
    fingerprints: [...new Set((r.figures?.pages ?? []).map((p) => p.fingerprint).filter((f): f is string => typeof f === 'string'))],
  }));
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
