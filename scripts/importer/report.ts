import type { ChecksOutcome } from '../../activities/checks';
import type { RunCounts } from '../../db/schema';
import { ImporterError } from '../../importers/sdk';
import type { DryRunResult, ExtractionFailed, InvalidRecord, TriedJob } from './dry-run';
import { describeProgress } from './progress';
import { renderTable } from './table';

/** What `try` ran against, for the report's heading. */
export interface TryHeading {
  importerKey: string;
  kind: string;
  environment: string;
  sourceUrls: string[];
  /** Null for a temporary import. */
  existing: { importId: string; open: number; closed: number } | null;
}

const dash = (value: string | null): string => (value === null || value === '' ? '-' : value);

/** `2024-03-11T08:15:00.000Z` → `2024-03-11 08:15`: minutes are enough to review, and the column says UTC. */
const minutes = (iso: string | null): string => (iso === null ? '-' : iso.replace('T', ' ').slice(0, 16));

export function jobsTable(jobs: readonly TriedJob[]): string {
  if (jobs.length === 0) return '(no valid job)';
  return renderTable(
    [{ header: 'EXTERNAL ID', max: 40 }, { header: 'TITLE', max: 60 }, { header: 'CITY', max: 30 }, { header: 'COUNTRY' }, { header: 'CONTRACT, TIME' }, { header: 'POSTED (UTC)' }],
    jobs.map((j) => [j.externalId, j.title, dash(j.city), dash(j.country), dash(j.contract), minutes(j.postedAt)]),
  );
}

function invalidTable(records: readonly InvalidRecord[]): string {
  const rows = records.flatMap((r) => r.errors.map((e) => [String(r.seq), dash(r.externalId), e.field, e.message]));
  return renderTable([{ header: '#', align: 'right' }, { header: 'EXTERNAL ID', max: 40 }, { header: 'FIELD' }, { header: 'ERROR', max: 80 }], rows);
}

function checksTable(outcome: ChecksOutcome): string {
  return renderTable(
    [{ header: 'STATUS' }, { header: 'CHECK' }, { header: 'MESSAGE', max: 110 }],
    outcome.results.map((r) => [r.status, r.check, r.message]),
  );
}

/** The diff, one operation per line: what reviewers compare with what they expected of the client's site. */
function diffLines(counts: RunCounts): string[] {
  return [
    `  would create ${counts.created}`,
    `  would update ${counts.updated}`,
    `  would close ${counts.closed}`,
    `  would reopen ${counts.reopened}`,
    `  unchanged ${counts.unchanged}`,
  ];
}

/** The development result: jobs, invalid records, checks, and what a real run would change. */
export function formatReport(heading: TryHeading, result: DryRunResult): string {
  const { observations, checks, counts } = result;
  const against = heading.existing
    ? `import ${heading.existing.importId} (${heading.environment}: ${heading.existing.open} open, ${heading.existing.closed} closed jobs)`
    : `a temporary import (${heading.environment}, no jobs yet)`;
  const failed = checks.results.filter((r) => r.status === 'fail').map((r) => r.check);
  const lines = [
    `Importer ${heading.importerKey} (${heading.kind})`,
    ...heading.sourceUrls.map((u) => `Source   ${u}`),
    `Against  ${against}`,
    `Fetched  ${describeProgress({ pages: observations.pageCount, bytes: observations.bytes, jobs: counts.records })}`,
    '',
    `Jobs: ${counts.valid} valid, ${counts.invalid} invalid`,
    jobsTable(result.jobs),
  ];
  if (result.invalid.length > 0) lines.push('', `Invalid records (${result.invalid.length}), not applied:`, invalidTable(result.invalid));
  lines.push(
    '',
    failed.length === 0 ? 'Checks: passed' : `Checks: FAILED (${failed.join(', ')}): a real run would be quarantined, not applied`,
    checksTable(checks),
    '',
    failed.length === 0 ? 'What a real run would do:' : 'What applying it anyway (a human decision) would do:',
    ...diffLines(counts),
    '',
    'Nothing was written: the transaction was rolled back.',
  );
  return lines.join('\n');
}

/** An extraction error as the developer needs it: type, URL, status, message (and the stack of a crash). */
export function formatExtractionFailure(failure: ExtractionFailed): string {
  const err = failure.error;
  const fetched = describeProgress({ pages: failure.observations.pageCount, bytes: failure.observations.bytes, jobs: 0 }).replace(/, 0 jobs$/, '');
  const lines =
    err instanceof ImporterError
      ? [
          `✖ Extraction failed: ${err.type}${err.retryable ? ' (transient: a real run would retry)' : ''}`,
          `  URL:     ${err.url ?? '-'}`,
          `  Status:  ${err.status ?? '-'}`,
          `  Message: ${err.message}`,
        ]
      : [
          // Anything but an ImporterError is a bug in the importer's code: the stack says where.
          '✖ Extraction failed: ImporterCrashed (an error in the importer code)',
          `  Message: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
          ...(err instanceof Error && err.stack ? err.stack.split('\n').slice(1, 8).map((l) => `  ${l.trim()}`) : []),
        ];
  lines.push(`  Fetched before failing: ${fetched}`, 'Nothing was written: the transaction was rolled back.');
  return lines.join('\n');
}
