/**
 * The one reader of a stored job's `data` (jobs.data, job_changes, a normalised job of `importer try`): what the API,
 * the client feed and the CLI show. It reads both shapes a job has had, so rows written before the job model v2
 * read like rows written after:
 * - v1: `location: {city, region, postalCode, country, remote}` and `employmentType` (one value mixing contract and
 *   working time);
 * - v2: `locations: [...]` (one or more), `contractType`, `workingTime`, `contractLabel` (the source's own words),
 *   salary `period` null when the source gives none, `salaryLabel` (the source's words about pay) when it gives any.
 * Anything missing or of the wrong type reads as null (an empty list for locations): a reader, not a validator.
 */

import { CONTRACT_TYPES, WORKING_TIMES, type ContractType, type WorkingTime } from '../importers/sdk/job';

export interface JobViewLocation {
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  remote: boolean;
}

export interface JobViewSalary {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: string | null;
}

/** A job's fields in the v2 names. `sourceUpdatedAt` is the source's own `updatedAt` (ours is the row's). */
export interface JobView {
  title: string | null;
  /** Sanitised HTML. */
  description: string | null;
  locations: JobViewLocation[];
  contractType: ContractType | null;
  workingTime: WorkingTime | null;
  contractLabel: string | null;
  department: string | null;
  salary: JobViewSalary | null;
  /** The source's own words about pay; null when it gave none. */
  salaryLabel: string | null;
  applyUrl: string | null;
  postedAt: string | null;
  sourceUpdatedAt: string | null;
}

/**
 * v1 `employmentType` → v2. v1 had no contract for a full- or part-time job (a CDI was stored `full_time`), so
 * those keep their working time and no contract type; `contract` was the fixed-term one (the preview showed it
 * "CDD") and `temporary` the agency one ("Intérim").
 */
const FROM_EMPLOYMENT_TYPE: Readonly<Record<string, { contractType: ContractType | null; workingTime: WorkingTime | null }>> = {
  full_time: { contractType: null, workingTime: 'full_time' },
  part_time: { contractType: null, workingTime: 'part_time' },
  contract: { contractType: 'fixed_term', workingTime: null },
  temporary: { contractType: 'temporary_agency', workingTime: null },
  internship: { contractType: 'internship', workingTime: null },
  apprenticeship: { contractType: 'apprenticeship', workingTime: null },
  freelance: { contractType: 'freelance', workingTime: null },
  volunteer: { contractType: 'volunteer', workingTime: null },
  other: { contractType: 'other', workingTime: null },
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const oneOf = <T extends string>(values: readonly T[], value: unknown): T | null => ((values as readonly unknown[]).includes(value) ? (value as T) : null);
const record = (value: unknown): Record<string, unknown> | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

function location(value: unknown): JobViewLocation | null {
  const l = record(value);
  if (!l) return null;
  return { city: text(l.city), region: text(l.region), postalCode: text(l.postalCode), country: text(l.country), remote: l.remote === true };
}

function salary(value: unknown): JobViewSalary | null {
  const s = record(value);
  if (!s) return null;
  return { min: num(s.min), max: num(s.max), currency: text(s.currency), period: text(s.period) };
}

export function jobView(data: Record<string, unknown>): JobView {
  const locations = (Array.isArray(data.locations) ? data.locations : data.location !== undefined ? [data.location] : []).map(location).filter((l): l is JobViewLocation => l !== null);
  const v1 = typeof data.employmentType === 'string' ? FROM_EMPLOYMENT_TYPE[data.employmentType] : undefined;
  return {
    title: text(data.title),
    description: text(data.description),
    locations,
    contractType: 'contractType' in data ? oneOf(CONTRACT_TYPES, data.contractType) : (v1?.contractType ?? null),
    workingTime: 'workingTime' in data ? oneOf(WORKING_TIMES, data.workingTime) : (v1?.workingTime ?? null),
    contractLabel: text(data.contractLabel),
    department: text(data.department),
    salary: salary(data.salary),
    salaryLabel: text(data.salaryLabel),
    applyUrl: text(data.applyUrl),
    postedAt: text(data.postedAt),
    sourceUpdatedAt: text(data.updatedAt),
  };
}

/** The fields whose value differs between two versions of a job, in JobView order (a change's summary). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): (keyof JobView)[] {
  const a = jobView(before);
  const b = jobView(after);
  return (Object.keys(a) as (keyof JobView)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** A description's sanitised HTML as readable text: blocks and line breaks kept as lines, entities decoded. */
export function descriptionText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n• ')
    .replace(/<\/(p|div|h[1-6]|ul|ol|tr|table|blockquote|section|article)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;|&#xa0;/gi, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
