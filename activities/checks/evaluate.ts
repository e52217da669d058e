import { checkCountDrop } from './rules/count-drop';
import { checkDuplicates } from './rules/duplicates';
import { checkEncoding } from './rules/encoding';
import { checkExpectedCount } from './rules/expected-count';
import { checkFieldCoverage } from './rules/field-coverage';
import { checkHttpErrors } from './rules/http-errors';
import { checkInvalidRatio } from './rules/invalid-ratio';
import { checkMinimumCount } from './rules/minimum-count';
import { disabled } from './rules/result';
import { checkSelectors } from './rules/selectors';
import { checkStructure } from './rules/structure';
import type { CheckInput, CheckName, CheckResult, CheckSeverity, ChecksOutcome } from './types';

interface Rule {
  check: CheckName;
  severity: CheckSeverity;
  run: () => CheckResult;
}

/**
 * Decides whether a run may be applied: one result per check, in a stable order. Only 'fail' blocks; a 'warn'
 * is reported and the run applied. Pure: the caller gathers the figures and the history.
 */
export function evaluateChecks({ figures, history, config }: CheckInput): ChecksOutcome {
  // Count and coverage medians share one notion of history: the last `window` good runs.
  const recent = history.slice(0, config.countDrop.window);
  const rules: Rule[] = [
    { check: 'minimum_count', severity: config.minimumCount.severity, run: () => checkMinimumCount(figures, config.minimumCount) },
    { check: 'count_drop', severity: config.countDrop.severity, run: () => checkCountDrop(figures, recent, config.countDrop) },
    { check: 'field_coverage', severity: config.fieldCoverage.severity, run: () => checkFieldCoverage(figures, recent, config.fieldCoverage) },
    { check: 'invalid_ratio', severity: config.invalidRatio.severity, run: () => checkInvalidRatio(figures, config.invalidRatio) },
    { check: 'duplicates', severity: config.duplicates.severity, run: () => checkDuplicates(figures, config.duplicates) },
    { check: 'selectors', severity: config.selectors.severity, run: () => checkSelectors(figures, config.selectors) },
    { check: 'structure', severity: config.structure.severity, run: () => checkStructure(figures, history, config.structure) },
    { check: 'http_errors', severity: config.httpErrors.severity, run: () => checkHttpErrors(figures, config.httpErrors) },
    { check: 'encoding', severity: config.encoding.severity, run: () => checkEncoding(figures, config.encoding) },
    { check: 'expected_count', severity: config.expectedCount.severity, run: () => checkExpectedCount(figures, config.expectedCount) },
  ];
  const results = rules.map((rule) => (rule.severity === 'off' ? disabled(rule.check) : rule.run()));
  return { passed: results.every((result) => result.status !== 'fail'), results };
}
