import type { ChecksConfig } from '../config';
import { count, firstOf } from '../format';
import type { CheckResult, RunFigures } from '../types';
import { cap, verdict } from './result';

/** Ids named in the message; all (up to the cap) are in `details`. */
const IN_MESSAGE = 5;

/**
 * External ids are the key of the diff: an id seen twice means a wrong id mapping (e.g. a constant) and an
 * apply that would merge distinct jobs.
 */
export function checkDuplicates(figures: RunFigures, config: ChecksConfig['duplicates']): CheckResult {
  const repeated = figures.duplicates.filter((d) => d.count > 1);
  const numbers = {
    duplicatedIds: repeated.length,
    extraRecords: repeated.reduce((sum, d) => sum + d.count - 1, 0),
    max: config.max,
  };
  const broken = repeated.length > config.max;
  if (repeated.length === 0) return verdict('duplicates', broken, config.severity, 'no external id appears more than once', numbers);
  const verb = repeated.length === 1 ? 'appears' : 'appear';
  const limit = config.max > 0 ? ` (limit ${config.max})` : '';
  const message = `${count(repeated.length, 'external id')} ${verb} more than once${limit}: ${firstOf(repeated, IN_MESSAGE, (d) => `${d.externalId} (×${d.count})`)}`;
  return verdict('duplicates', broken, config.severity, message, numbers, { ids: cap(repeated) });
}
