import type { IncidentKind } from './incidents';

/**
 * Which incident a failed run opens, from its failure's stable `type` (importers/sdk/errors.ts). A document that
 * cannot be read is bad data; a structure that no longer matches is a changed site; anything else that stopped
 * the extraction (statuses, timeouts, network, the compartment's limits) is a failed fetch.
 */
export function kindOfFailure(type: string): IncidentKind {
  switch (type) {
    case 'LayoutChanged':
    case 'PageLimitReached':
      return 'site_changed';
    case 'InvalidDocument':
      return 'invalid_data';
    default:
      return 'fetch_failed';
  }
}

/** Failing checks, most telling first: a changed site also drops the volume and the coverage, so it wins. */
const CHECK_KINDS: [IncidentKind, string[]][] = [
  ['site_changed', ['selectors', 'structure', 'field_coverage']],
  ['fetch_failed', ['http_errors']],
  ['volume_drop', ['count_drop', 'minimum_count', 'expected_count']],
  ['invalid_data', ['invalid_ratio', 'duplicates', 'encoding']],
];

/** Which incident a quarantined run opens, from the names of its failing checks. */
export function kindOfChecks(failedChecks: readonly string[]): IncidentKind {
  for (const [kind, checks] of CHECK_KINDS) {
    if (checks.some((c) => failedChecks.includes(c))) return kind;
  }
  return 'invalid_data';
}
