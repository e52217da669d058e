import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count } from '../format';
import type { CheckResult, RunFigures } from '../types';
import { cap, skipped, verdict } from './result';

/**
 * The site says how many jobs it has ("42 offres"): reading fewer is a silent undercount (a page of the listing
 * missed, several jobs read as one), reading more is reading what is not a job. Compared with the distinct jobs of
 * the run: records, less the repeats of an id (duplicates are one job).
 */
export function checkExpectedCount(figures: RunFigures, config: ChecksConfig['expectedCount']): CheckResult {
  const declared = figures.expectedCounts ?? [];
  if (declared.length === 0) return skipped('expected_count', 'the import declares no count shown by the site');
  const jobs = figures.records - (figures.duplicateTotals?.extraRecords ?? 0);
  const missing = declared.filter((d) => d.count === null);
  const [first] = missing;
  if (first !== undefined) {
    const message = `the site's count was not found on ${count(missing.length, 'page')}: selector ${first.selector} on ${first.url} reads "${first.text}"`;
    return verdict('expected_count', true, config.severity, message, { expected: null, jobs, tolerance: config.tolerance }, { counts: cap(declared) });
  }
  const expected = declared.reduce((sum, d) => sum + (d.count ?? 0), 0);
  const difference = jobs - expected;
  const numbers = { expected, jobs, difference, tolerance: config.tolerance };
  const shown = declared.length === 1 ? `"${declared[0]!.text}"` : `${declared.length} listings`;
  const tolerance = config.tolerance > 0 ? `, tolerance ${config.tolerance}` : '';
  const message =
    difference === 0
      ? `${count(jobs, 'job')} read, as the site shows (${shown})`
      : `${count(jobs, 'job')} read, the site shows ${expected} (${shown}): ${Math.abs(difference)} ${difference < 0 ? 'missing' : 'more than shown'}${tolerance}`;
  return verdict('expected_count', Math.abs(difference) > config.tolerance, config.severity, message, numbers, { counts: cap(declared) });
}
