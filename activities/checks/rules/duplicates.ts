import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count, firstOf } from '../format';
import type { CheckResult, RunFigures } from '../types';
import { cap, verdict } from './result';

/** Ids named in the message; all (up to the cap) are in `details`. */
const IN_MESSAGE = 5;

type Duplicate = RunFigures['duplicates'][number];

const isConflict = (d: Duplicate) => d.count > 1 && (d.kind === undefined || d.kind === 'conflict');

/**
 * External ids are the key of the diff: an id whose records disagree means a wrong id mapping (e.g. a constant) and
 * an apply that would merge distinct jobs. Repeats that agree are one job: the same record listed again (a feed
 * repeating each job), or the same job once per location (merged) — counted, never failing.
 */
export function checkDuplicates(figures: RunFigures, config: ChecksConfig['duplicates']): CheckResult {
  const repeated = figures.duplicates.filter((d) => d.count > 1);
  const conflicts = repeated.filter(isConflict);
  const totals = figures.duplicateTotals ?? {
    identical: 0,
    locations: 0,
    conflicts: conflicts.length,
    extraRecords: repeated.reduce((sum, d) => sum + d.count - 1, 0),
  };
  const numbers = {
    duplicatedIds: totals.identical + totals.locations + totals.conflicts,
    identicalIds: totals.identical,
    mergedIds: totals.locations,
    conflictingIds: totals.conflicts,
    extraRecords: totals.extraRecords,
    max: config.max,
    policy: config.policy,
  };
  const agreeing = [
    ...(totals.identical > 0 ? [`${count(totals.identical, 'id')} repeated identically`] : []),
    ...(totals.locations > 0 ? [`${count(totals.locations, 'id')} listed once per location, merged`] : []),
  ];
  const oneJob = agreeing.length > 0 ? `${agreeing.join(', ')} (${count(totals.extraRecords, 'extra record')}, one job each)` : '';
  const details = repeated.length > 0 ? { ids: cap(repeated) } : undefined;
  if (totals.conflicts === 0) {
    const message = oneJob === '' ? 'no external id appears more than once' : `${oneJob}; no conflicting record`;
    return verdict('duplicates', false, config.severity, message, numbers, details);
  }
  const verb = totals.conflicts === 1 ? 'has' : 'have';
  const named = firstOf(conflicts, IN_MESSAGE, (d) => `${d.externalId} (×${d.count}${d.fields ? `, differ in ${d.fields.join(', ')}` : ''})`);
  const suffix = oneJob === '' ? '' : `; ${oneJob}`;
  if (config.policy === 'first') {
    const message = `${count(totals.conflicts, 'external id')} ${verb} conflicting records, the first read is applied (policy "first"): ${named}${suffix}`;
    // Reported, never blocking: the import chose to apply the first version.
    return { ...verdict('duplicates', false, config.severity, message, numbers, details), ...(config.severity === 'off' ? {} : { status: 'warn' as const }) };
  }
  const limit = config.max > 0 ? ` (limit ${config.max})` : '';
  const message = `${count(totals.conflicts, 'external id')} ${verb} conflicting records${limit}: ${named}${suffix}`;
  return verdict('duplicates', totals.conflicts > config.max, config.severity, message, numbers, details);
}
