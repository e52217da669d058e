/**
 * Builders for the checks' tests: a healthy run and good runs to start from, each test changing only what it
 * is about. Test-only; not exported from index.ts.
 */
import { parseChecksConfig } from '../../importers/sdk/checks-config';
import { evaluateChecks } from './evaluate';
import type { CheckName, CheckResult, ChecksOutcome, GoodRun, RunFigures } from './types';

export const LIST_URL = 'https://careers.example.com/jobs?page=1';

/** 100 valid records, titles and departments always filled, one listing page, every selector matching. */
export function healthyFigures(overrides: Partial<RunFigures> = {}): RunFigures {
  return {
    records: 100,
    valid: 100,
    invalid: 0,
    duplicates: [],
    fieldCoverage: { title: 1, department: 1 },
    pages: [{ url: LIST_URL, status: 200, bytes: 48_000, fingerprint: 'fp-list' }],
    selectors: [{ field: 'title', selector: '.job-card h2', pages: 1, matchedPages: 1, matches: 100, sampleUrl: LIST_URL }],
    httpErrors: [],
    ...overrides,
  };
}

export function goodRun(runId: string, valid: number, fieldCoverage: Record<string, number> = {}, fingerprints: string[] = []): GoodRun {
  return { runId, valid, fieldCoverage, fingerprints };
}

/** Three good runs of 100 jobs like the healthy run, newest first. */
export function healthyHistory(): GoodRun[] {
  return ['run-3', 'run-2', 'run-1'].map((id) => goodRun(id, 100, { title: 1, department: 1 }, ['fp-list']));
}

/** Evaluates with stored-style overrides (parsed like the real ones). */
export function evaluate(figures: RunFigures, history: GoodRun[] = healthyHistory(), overrides: unknown = {}): ChecksOutcome {
  return evaluateChecks({ figures, history, config: parseChecksConfig(overrides) });
}

export function resultOf(outcome: ChecksOutcome, check: CheckName): CheckResult {
  const found = outcome.results.find((r) => r.check === check);
  if (!found) throw new Error(`no result for ${check}`);
  return found;
}

/** Shorthand: the one result of `check` for these figures, history and overrides. */
export function check(check: CheckName, figures: RunFigures, history?: GoodRun[], overrides?: unknown): CheckResult {
  return resultOf(evaluate(figures, history, overrides), check);
}
