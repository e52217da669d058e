import { z } from 'zod';
import { CONTRACT_TYPES, type Job, WORKING_TIMES } from './job';

/**
 * A fast yes to "would jobSchema.safeParse accept this job and return it unchanged?", for the jobs normaliseJob
 * builds (50,000 in a feed: zod's parse was a fifth of normalisation). Each test is the one zod runs for that field
 * (same regexes, same trim, same lengths in UTF-16 units, same URL rules); `false` only means "not sure", and the
 * caller then runs zod, whose answer and messages stand. The keys checked are listed in CHECKED_KEYS, which a test
 * compares with jobSchema's shape so that a new field cannot slip past this check.
 */
export const CHECKED_KEYS = {
  job: ['externalId', 'title', 'description', 'locations', 'contractType', 'workingTime', 'contractLabel', 'department', 'salary', 'salaryLabel', 'applyUrl', 'postedAt', 'updatedAt', 'contentHash'],
  location: ['city', 'region', 'postalCode', 'country', 'remote'],
  salary: ['min', 'max', 'currency', 'period'],
} as const;

const ISO_UTC = z.regexes.datetime({ offset: false });
const COUNTRY = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const HASH = /^[0-9a-f]{64}$/;
const HTTP_PREFIX = /^https?:\/\//i;
const TAB_OR_NEWLINE = /[\t\n\r]/;
const CONTRACTS = new Set<unknown>(CONTRACT_TYPES);
const WORKING = new Set<unknown>(WORKING_TIMES);
const PERIODS = new Set<unknown>(['hour', 'day', 'week', 'month', 'year']);

/** `z.string().trim().min(1).max(max)` leaving the value as it is: already trimmed. */
const trimmedText = (v: unknown, max: number): boolean => typeof v === 'string' && v.length >= 1 && v.length <= max && v.trim() === v;
const nullOr = (v: unknown, test: (v: unknown) => boolean): boolean => v === null || test(v);
const text = (v: unknown): boolean => typeof v === 'string' && v.length >= 1;
const amount = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const isoUtc = (v: unknown): boolean => typeof v === 'string' && ISO_UTC.test(v);

/** zod's `z.url({ protocol: /^https?$/ })` accepting the value and returning it as it is (no trim, nothing stripped). */
function httpUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.trim() !== v || TAB_OR_NEWLINE.test(v) || !HTTP_PREFIX.test(v)) return false;
  const url = URL.parse(v);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

/** Exactly these keys, in this order: zod's output of a strict object lists its keys so. */
function sameKeys(object: object, keys: readonly string[]): boolean {
  const own = Object.keys(object);
  return own.length === keys.length && own.every((key, i) => key === keys[i]);
}

function locationOk(l: unknown): boolean {
  if (typeof l !== 'object' || l === null || Object.getPrototypeOf(l) !== Object.prototype) return false;
  const o = l as Record<string, unknown>;
  return (
    sameKeys(o, CHECKED_KEYS.location) &&
    nullOr(o.city, text) &&
    nullOr(o.region, text) &&
    nullOr(o.postalCode, text) &&
    nullOr(o.country, (v) => typeof v === 'string' && COUNTRY.test(v)) &&
    typeof o.remote === 'boolean'
  );
}

function salaryOk(s: unknown): boolean {
  if (s === null) return true;
  if (typeof s !== 'object' || Object.getPrototypeOf(s) !== Object.prototype) return false;
  const o = s as Record<string, unknown>;
  return (
    sameKeys(o, CHECKED_KEYS.salary) &&
    amount(o.min) &&
    amount(o.max) &&
    (o.min === null || o.max === null || (o.min as number) <= (o.max as number)) &&
    typeof o.currency === 'string' &&
    CURRENCY.test(o.currency) &&
    (o.period === null || PERIODS.has(o.period))
  );
}

/** True when jobSchema certainly accepts `job` and its output would equal it (keys in the schema's order too). */
export function certainlyValidJob(job: Job): boolean {
  const keys = Object.keys(job);
  const expected = CHECKED_KEYS.job;
  // Same keys in the schema's order (salaryLabel may be absent): zod's output lists them so, and so must ours.
  let k = 0;
  for (const key of expected) {
    if (keys[k] === key) k += 1;
    else if (key !== 'salaryLabel') return false;
  }
  if (k !== keys.length) return false;
  return (
    trimmedText(job.externalId, 512) &&
    trimmedText(job.title, 512) &&
    typeof job.description === 'string' &&
    Array.isArray(job.locations) &&
    job.locations.length >= 1 &&
    job.locations.every(locationOk) &&
    (job.contractType === null || CONTRACTS.has(job.contractType)) &&
    (job.workingTime === null || WORKING.has(job.workingTime)) &&
    nullOr(job.contractLabel, (v) => trimmedText(v, 512)) &&
    nullOr(job.department, (v) => trimmedText(v, Infinity)) &&
    salaryOk(job.salary) &&
    (job.salaryLabel === undefined ? !('salaryLabel' in job) : trimmedText(job.salaryLabel, 1024)) &&
    nullOr(job.applyUrl, httpUrl) &&
    nullOr(job.postedAt, isoUtc) &&
    nullOr(job.updatedAt, isoUtc) &&
    typeof job.contentHash === 'string' &&
    HASH.test(job.contentHash)
  );
}
