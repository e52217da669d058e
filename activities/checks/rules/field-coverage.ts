import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count, percent, points } from '../format';
import { median, round4 } from '../stats';
import type { CheckResult, GoodRun, RunFigures } from '../types';
import { cap, skipped, verdict } from './result';

/** Below this median coverage a field is too sparse for its falls to mean anything: only floors apply. */
const WATCHED_FROM = 0.5;
/** Fields named in the message; the rest are in `details`. */
const IN_MESSAGE = 3;

interface Violation {
  field: string;
  coverage: number;
  /** The configured floor, when the field has one and is below it. */
  minimum: number | null;
  /** Median coverage in history and the fall from it, when the fall is too large. */
  was: number | null;
  drop: number | null;
}

function describe(v: Violation, maxDrop: number): string {
  const reasons = [
    ...(v.minimum === null ? [] : [`minimum ${percent(v.minimum)}`]),
    ...(v.was === null ? [] : [`was ${percent(v.was)}`, `max drop ${points(maxDrop)}`]),
  ];
  return `${v.field}: coverage ${percent(v.coverage)} (${reasons.join(', ')})`;
}

/** A field stopped being filled (a selector or mapping broke), by an explicit floor or a fall from its history. */
export function checkFieldCoverage(figures: RunFigures, recent: readonly GoodRun[], config: ChecksConfig['fieldCoverage']): CheckResult {
  const withHistory = recent.length >= config.minHistory;
  const floors = config.minimums;
  if (!withHistory && Object.keys(floors).length === 0) {
    return skipped('field_coverage', `${count(recent.length, 'good run')} in history, ${config.minHistory} needed, and no coverage minimum configured`, {
      runs: recent.length,
      minHistory: config.minHistory,
    });
  }
  const fields = new Set([...Object.keys(floors), ...(withHistory ? recent.flatMap((run) => Object.keys(run.fieldCoverage)) : [])]);
  const violations: Violation[] = [];
  let checked = 0;
  for (const field of [...fields].sort()) {
    // A field missing from a coverage record was filled in no record.
    const coverage = round4(figures.fieldCoverage[field] ?? 0);
    const floor = floors[field];
    const was = withHistory ? round4(median(recent.map((run) => run.fieldCoverage[field] ?? 0))) : null;
    const watched = was !== null && was >= WATCHED_FROM;
    if (floor === undefined && !watched) continue;
    checked++;
    const belowFloor = floor !== undefined && coverage < floor;
    const drop = watched ? round4(was - coverage) : null;
    const fell = drop !== null && drop > config.maxDrop;
    if (belowFloor || fell) {
      violations.push({ field, coverage, minimum: belowFloor ? floor : null, was: fell ? was : null, drop: fell ? drop : null });
    }
  }
  const numbers = { fields: checked, violations: violations.length, maxDrop: config.maxDrop, runs: recent.length };
  if (violations.length > 0) {
    const more = violations.length > IN_MESSAGE ? `; and ${count(violations.length - IN_MESSAGE, 'more field')}` : '';
    const message = violations.slice(0, IN_MESSAGE).map((v) => describe(v, config.maxDrop)).join('; ') + more;
    return verdict('field_coverage', true, config.severity, message, numbers, { fields: cap(violations) });
  }
  const against = withHistory
    ? `max drop ${points(config.maxDrop)} from the median of last ${count(recent.length, 'good run')}`
    : `minimums only, ${count(recent.length, 'good run')} in history`;
  return verdict('field_coverage', false, config.severity, `coverage of ${count(checked, 'field')} within limits (${against})`, numbers);
}
