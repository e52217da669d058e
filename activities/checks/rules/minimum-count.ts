import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count } from '../format';
import type { CheckResult, RunFigures } from '../types';
import { verdict } from './result';

/** Too few valid jobs: the site or feed most likely broke. An empty run only passes when the import allows it. */
export function checkMinimumCount(figures: RunFigures, config: ChecksConfig['minimumCount']): CheckResult {
  const { valid, records } = figures;
  const numbers = { valid, records, min: config.min };
  const jobs = `${count(valid, 'valid job')} of ${count(records, 'record')}`;
  if (valid === 0 && config.allowEmpty) {
    return verdict('minimum_count', false, config.severity, `${jobs}, accepted: this import allows empty runs`, numbers);
  }
  const broken = valid === 0 || valid < config.min;
  // Name the escape hatch on an empty run: the on-call may be looking at a client with no opening.
  const suffix = valid === 0 ? ' (empty runs are not allowed for this import)' : '';
  return verdict('minimum_count', broken, config.severity, `${jobs}, minimum ${config.min}${suffix}`, numbers);
}
