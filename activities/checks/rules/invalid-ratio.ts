import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count, percent } from '../format';
import { round4, share } from '../stats';
import type { CheckResult, RunFigures } from '../types';
import { skipped, verdict } from './result';

/** Many records failed validation: the source changed a format (dates, currencies…) under a mapping. */
export function checkInvalidRatio(figures: RunFigures, config: ChecksConfig['invalidRatio']): CheckResult {
  const { invalid, records } = figures;
  // An empty run is minimum_count's business.
  if (records === 0) return skipped('invalid_ratio', 'no record extracted', { invalid, records });
  const ratio = round4(share(invalid, records));
  const message = `${invalid} of ${count(records, 'record')} invalid (${percent(ratio)}, limit ${percent(config.max)})`;
  return verdict('invalid_ratio', ratio > config.max, config.severity, message, { invalid, records, ratio, max: config.max });
}
