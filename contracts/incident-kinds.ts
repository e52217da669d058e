import type { IncidentKind } from './incidents';
import { Failure } from './failure-types';

/**
 * Which incident a failed run opens, from its failure's stable `type` (importers/sdk/errors.ts). A document that
 * cannot be read, or holds a piece larger than the parser keeps, is bad data: the source's content, not its
 * transfer. A structure that no longer matches is a changed site. A run whose workflow ended under it, whose staged
 * records vanished, or whose step timed out in Temporal (the worker heartbeats for the compartment, so a heartbeat
 * timeout is a lost worker; an importer over its time is `ImporterTimeout`) is Liaison's own failure (on-call looks at
 * the worker and the database, not the client site). Anything else that stopped the extraction (statuses, timeouts, network, the compartment's limits) is a
 * failed fetch.
 */
export function kindOfFailure(type: string): IncidentKind {
  switch (type) {
    case Failure.LayoutChanged:
    case Failure.PageLimitReached:
      return 'site_changed';
    case Failure.InvalidDocument:
    case Failure.ItemTooLarge:
      return 'invalid_data';
    case Failure.RunStranded:
    case Failure.StagedRecordsLost:
    case Failure.ActivityTimeout:
      return 'platform_failed';
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
