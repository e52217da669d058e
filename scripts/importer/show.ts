import { descriptionText, jobView } from '../../db/job-view';
import type { InvalidRecord, NormalisedRecord } from './dry-run';
import { UsageError } from './errors';

// `importer try --json` and `--show <externalId>`: what an importer really produced, every field of it.

/** One line per valid job: the normalised job as it would be stored, externalId first (NDJSON). */
export function jobsNdjson(records: readonly NormalisedRecord[]): string[] {
  // The key stays where it is first set: `externalId` leads, with the job's own value.
  return records.map(({ externalId, job }) => JSON.stringify({ externalId, ...job }));
}

const dash = (value: string | number | null): string => (value === null || value === '' ? '-' : String(value));

function place(l: { city: string | null; region: string | null; postalCode: string | null; country: string | null; remote: boolean }): string {
  const parts = [l.city, l.region, l.postalCode, l.country].filter((p): p is string => p !== null);
  if (l.remote) parts.push('remote');
  return parts.join(', ') || '(no place given)';
}

/**
 * One job, every field (the v2 names through jobView, whichever shape the importer produced), then its description
 * twice: as readable text, and as the sanitised HTML that is stored.
 */
export function formatJob(record: NormalisedRecord): string {
  const view = jobView(record.job);
  const salary = view.salary
    ? `${view.salary.min ?? '?'}–${view.salary.max ?? '?'} ${dash(view.salary.currency)}${view.salary.period ? ` per ${view.salary.period}` : ' (no period given)'}`
    : '-';
  const rows: [string, string][] = [
    ['externalId', record.externalId],
    ['title', dash(view.title)],
    ...view.locations.map((l, i): [string, string] => [i === 0 ? 'locations' : '', `${i + 1}. ${place(l)}`]),
    ...(view.locations.length === 0 ? [['locations', '-'] as [string, string]] : []),
    ['contractType', dash(view.contractType)],
    ['workingTime', dash(view.workingTime)],
    ['contractLabel', dash(view.contractLabel)],
    ['department', dash(view.department)],
    ['salary', salary],
    ['salaryLabel', dash(view.salaryLabel)],
    ['applyUrl', dash(view.applyUrl)],
    ['postedAt', dash(view.postedAt)],
    ['updatedAt', dash(view.sourceUpdatedAt)],
    ['contentHash', dash(typeof record.job.contentHash === 'string' ? record.job.contentHash : null)],
    ['sourceUrl', dash(record.sourceUrl)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const html = view.description ?? '';
  return [
    ...rows.map(([k, v]) => `${k.padEnd(width)}${v}`),
    '',
    'Description (text):',
    descriptionText(html) || '(empty)',
    '',
    'Description (HTML, as stored):',
    html || '(empty)',
  ].join('\n');
}

/** The valid job with this id, or a UsageError saying why there is none (invalid: its errors; absent: some ids). */
export function findJob(externalId: string, records: readonly NormalisedRecord[], invalid: readonly InvalidRecord[]): NormalisedRecord {
  // Duplicated ids: the last one read is the one a run applies.
  const found = records.findLast((r) => r.externalId === externalId);
  if (found) return found;
  const bad = invalid.find((r) => r.externalId === externalId);
  if (bad) throw new UsageError(`--show ${externalId}: this record is invalid, not applied: ${bad.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  const known = [...new Set(records.map((r) => r.externalId))].slice(0, 10);
  throw new UsageError(`--show ${externalId}: no job with this external id among the ${records.length} valid jobs${known.length > 0 ? ` (e.g. ${known.join(', ')})` : ''}`);
}
