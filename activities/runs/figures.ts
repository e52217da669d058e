import type { Queryable } from '../../db/queries/sql';
import { appliedRunFigures, stageTotals, type CoverageField } from '../../db/queries/run-records';
import type { Run } from '../../db/queries/runs';
import { withCurrentFieldPaths } from '../../importers/sdk/job-fields';
import type { GoodRun, RunFigures } from '../checks/types';
import type { Observations } from '../compartment/protocol';
import { resolveStagedDuplicates } from './duplicates';

/**
 * Job fields whose coverage is watched: a JSON path into the staged job, or for `locations.*` a field that some
 * place of the job fills (a jsonpath filter).
 */
const COVERAGE_FIELDS: Record<string, CoverageField> = {
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
export async function computeFigures(sql: Queryable, runId: string, observations: Observations | null): Promise<RunFigures> {
  const totals = await stageTotals(sql, runId, COVERAGE_FIELDS);
  const { duplicates, duplicateTotals } = await resolveStagedDuplicates(sql, runId);
  const fieldCoverage = Object.fromEntries(Object.entries(totals.coverage).map(([name, share]) => [name, round(share)]));
  const pages = observations?.pages ?? [];
  return {
    records: totals.records,
    valid: totals.valid,
    invalid: totals.invalid,
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
export async function goodRuns(sql: Queryable, importId: string, environment: Run['environment'], excludeRunId: string, limit: number): Promise<GoodRun[]> {
  const rows = (await appliedRunFigures(sql, { importId, environment }, excludeRunId, limit)) as { id: string; figures: RunFigures | null }[];
  return rows.map((r) => ({
    runId: r.id,
    valid: r.figures?.valid ?? 0,
    // Runs before the job model v2 name some fields by their former paths ("location.city").
    fieldCoverage: withCurrentFieldPaths(r.figures?.fieldCoverage ?? {}),
    fingerprints: [...new Set((r.figures?.pages ?? []).map((p) => p.fingerprint).filter((f): f is string => typeof f === 'string'))],
  }));
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
