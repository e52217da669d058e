import { createHash } from 'node:crypto';
import type { ExtractedJob, RawJob, RawLocation } from './definition';
import { type Job, type JobLocation, type Salary, jobSchema } from './job';
import { readContract } from './fields/contract';
import { toCountryCode } from './fields/countries';
import { parseDate } from './fields/dates';
import { parseAmount, toCurrency, toPeriod } from './fields/salary';
import { sanitiseHtml } from './fields/sanitise';
import { certainlyValidJob } from './normalise-check';
import { cleanLabel, cleanOptional } from './fields/text';
import { remembered } from './fields/memo';

export interface NormaliseOptions {
  /** Resolves relative apply URLs and description links: usually the page the job was read from. */
  baseUrl?: string;
  /** ISO alpha-2 (or any name `toCountryCode` knows) used when the source gives no country. */
  defaultCountry?: string;
}

export interface FieldError {
  /** Dotted path in the Job ("locations.0.country", "salary.min"). */
  field: string;
  message: string;
}

export type NormaliseResult = { ok: true; job: Job } | { ok: false; errors: FieldError[] };

/** `"key":` for the keys seen so far (a job has a dozen), bounded in case some content uses keys as data. */
const quotedKeys = new Map<string, string>();

/**
 * JSON with object keys sorted at every level, so equal content always hashes the same. The text must never change
 * (stored hashes would all differ): keys sorted by UTF-16 code units (`sort()`'s default order), undefined members
 * left out, arrays as `map` + `join` make them. Written as a loop because it runs for every job of every run.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (member === undefined) continue;
    let quoted = quotedKeys.get(key);
    if (quoted === undefined) {
      quoted = `${JSON.stringify(key)}:`;
      if (quotedKeys.size < 1_000) quotedKeys.set(key, quoted);
    }
    out += (out === '' ? quoted : `,${quoted}`) + canonicalJson(member);
  }
  return `{${out}}`;
}

/** sha256 hex of every Job field but the hash itself: what the diff compares between runs. */
export function contentHash(job: Omit<Job, 'contentHash'> & { contentHash?: string }): string {
  const { contentHash: _ignored, ...content } = job;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

const cleanText = remembered((text: string) => cleanOptional(text));
const cleanLabelText = remembered((text: string) => cleanLabel(text));
const countryCode = remembered(toCountryCode);
/** cleanOptional, remembered for text: places and codes repeat across a feed's jobs. */
const cleanPlace = (value: string | number | null | undefined): string | null => (typeof value === 'string' ? cleanText(value) : cleanOptional(value));
/** cleanLabel, remembered for text: contract wordings and departments repeat across a feed's jobs. */
const cleanWording = (value: string | number | null | undefined): string | null => (typeof value === 'string' ? cleanLabelText(value) : cleanLabel(value));

function normaliseLocation(raw: RawLocation, index: number, opts: NormaliseOptions, errors: FieldError[]): JobLocation {
  const countryInput = cleanPlace(raw.country) ?? cleanPlace(opts.defaultCountry);
  let country: string | null = null;
  if (countryInput !== null) {
    country = countryCode(countryInput);
    if (country === null) errors.push({ field: `locations.${index}.country`, message: `unknown country "${countryInput}"` });
  }
  return {
    city: cleanPlace(raw.city),
    region: cleanPlace(raw.region),
    postalCode: cleanPlace(raw.postalCode),
    country,
    remote: raw.remote === true,
  };
}

const isBlankPlace = (raw: RawLocation): boolean =>
  raw.remote !== true && [raw.city, raw.region, raw.postalCode, raw.country].every((v) => cleanPlace(v) === null);

/**
 * `location` then `locations`, places that say nothing dropped, repeats (after cleaning) collapsed in first-seen
 * order. A job always has one place at least: with none given, an empty one carrying the default country.
 */
function normaliseLocations(raw: RawJob, opts: NormaliseOptions, errors: FieldError[]): JobLocation[] {
  const given = [raw.location, ...(raw.locations ?? [])].filter((l): l is RawLocation => l !== null && l !== undefined && !isBlankPlace(l));
  if (given.length === 0) return [normaliseLocation({}, 0, opts, errors)];
  const out: JobLocation[] = [];
  const seen = new Set<string>();
  for (const place of given) {
    const location = normaliseLocation(place, out.length, opts, errors);
    const key = JSON.stringify([location.city, location.region, location.postalCode, location.country, location.remote]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(location);
  }
  return out;
}

/** Contract and working time read from the source's wordings, which are kept as the label unless one is given. */
function normaliseContract(raw: RawJob): Pick<Job, 'contractType' | 'workingTime' | 'contractLabel'> {
  const contract = typeof raw.contractType === 'string' || raw.contractType == null ? [raw.contractType] : raw.contractType;
  const wordings = [...contract, raw.employmentType, raw.workingTime].map((w) => cleanWording(w)).filter((w): w is string => w !== null);
  const { contractType, workingTime } = readContract(...wordings);
  return { contractType, workingTime, contractLabel: cleanLabel(raw.contractLabel) ?? ([...new Set(wordings)].join(', ') || null) };
}

const parseAmountText = remembered(parseAmount);
const toPeriodText = remembered(toPeriod);

/**
 * A salary without any amount is no salary. A missing period stays null: an amount without a unit is not assumed
 * yearly (a "1 800 €" is monthly pay). A missing currency is read from a symbol in the amounts, else an error.
 */
function normaliseSalary(raw: RawJob['salary'], errors: FieldError[]): Salary | null {
  if (!raw) return null;
  const amounts: Record<'min' | 'max', number | null> = { min: null, max: null };
  for (const key of ['min', 'max'] as const) {
    const value = raw[key];
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    const parsed = typeof value === 'string' ? parseAmountText(value) : parseAmount(value);
    if (parsed.ok) amounts[key] = parsed.value;
    else errors.push({ field: `salary.${key}`, message: parsed.message });
  }
  if (amounts.min === null && amounts.max === null) return null;
  const currency = toCurrency(raw.currency, raw.min, raw.max);
  if (currency === null) errors.push({ field: 'salary.currency', message: 'salary has no currency code or symbol' });
  const period = typeof raw.period === 'string' ? toPeriodText(raw.period) : toPeriod(raw.period);
  if (period && !period.ok) errors.push({ field: 'salary.period', message: period.message });
  return { ...amounts, currency: currency ?? '', period: period?.ok ? period.value : null };
}

/** The pay wording as text, or no key at all: an absent label leaves the job's content (and hash) as before. */
function salaryLabel(value: string | null | undefined): Pick<Job, 'salaryLabel'> {
  const label = cleanLabel(value);
  return label === null ? {} : { salaryLabel: label };
}

function normaliseUrl(value: string | null | undefined, baseUrl: string | undefined, errors: FieldError[]): string | null {
  const text = cleanOptional(value);
  if (text === null) return null;
  try {
    const url = new URL(text, baseUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    errors.push({ field: 'applyUrl', message: `apply URL must be http(s), got "${text}"` });
    return null;
  } catch {
    errors.push({
      field: 'applyUrl',
      message: baseUrl ? `invalid URL "${text}"` : `relative or invalid URL "${text}" and no baseUrl to resolve it`,
    });
    return null;
  }
}

const parseDateText = remembered(parseDate);

function normaliseDate(value: string | number | null | undefined, field: string, errors: FieldError[]): string | null {
  const parsed = typeof value === 'string' ? parseDateText(value) : parseDate(value);
  if (parsed === null) return null;
  if (parsed.ok) return parsed.iso;
  errors.push({ field, message: parsed.message });
  return null;
}

/** Descriptions sanitised lately, by base URL then source text; emptied when full (bounded memory). */
const sanitised = new Map<string, Map<string, string>>();
let sanitisedCount = 0;
const SANITISED_MAX = 2_000;

/**
 * sanitiseHtml, once per identical description: feeds repeat the same text across a client's postings (one per
 * location, a shared "about us" body), and the parse is the costliest step of normalisation. Keyed by the base
 * URL too, which resolves the links; by two maps rather than one joined key, which would copy every description
 * once more. The cache is per process: a compartment lives for one extraction.
 */
function sanitiseOnce(description: string, baseUrl: string | undefined): string {
  const base = baseUrl ?? '';
  let byText = sanitised.get(base);
  let html = byText?.get(description);
  if (html === undefined) {
    html = sanitiseHtml(description, baseUrl);
    if (sanitisedCount >= SANITISED_MAX) {
      sanitised.clear();
      sanitisedCount = 0;
      byText = undefined;
    }
    if (byText === undefined) sanitised.set(base, (byText = new Map()));
    byText.set(description, html);
    sanitisedCount += 1;
  }
  return html;
}

/** JSON of the jobs normaliseJob returned, while they live. */
const jobTexts = new WeakMap<Job, string>();

/**
 * JSON text of a job (keys in any order: it is stored as jsonb). A job from normaliseJob comes with it, made when
 * its hash was; any other is serialised. Only for a job left as normaliseJob returned it (a copy is serialised).
 */
export function jobJson(job: Job): string {
  return jobTexts.get(job) ?? JSON.stringify(job);
}

/**
 * canonicalJson of a Job's content, by JSON.stringify of a copy built with its keys in sorted order at every level:
 * the same text (the tests compare both), several times faster, for the one shape every job has.
 */
function canonicalContent(c: Omit<Job, 'contentHash'>): string {
  const s = c.salary;
  return JSON.stringify({
    applyUrl: c.applyUrl,
    contractLabel: c.contractLabel,
    contractType: c.contractType,
    department: c.department,
    description: c.description,
    externalId: c.externalId,
    locations: c.locations.map((l) => ({ city: l.city, country: l.country, postalCode: l.postalCode, region: l.region, remote: l.remote })),
    postedAt: c.postedAt,
    salary: s === null ? null : { currency: s.currency, max: s.max, min: s.min, period: s.period },
    salaryLabel: c.salaryLabel,
    title: c.title,
    updatedAt: c.updatedAt,
    workingTime: c.workingTime,
  });
}

/** The record's own page (`raw.baseUrl`, itself read against the document's URL) when it gives one, else the document's. */
function recordBase(raw: RawJob, baseUrl: string | undefined): string | undefined {
  const own = cleanOptional(raw.baseUrl);
  if (own === null) return baseUrl;
  try {
    const url = new URL(own, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : baseUrl;
  } catch {
    return baseUrl;
  }
}

/** A loose source record to a validated Job, or every field problem found (not just the first). */
export function normaliseJob(raw: RawJob, options: NormaliseOptions = {}): NormaliseResult {
  const errors: FieldError[] = [];
  const opts = raw.baseUrl == null ? options : { ...options, baseUrl: recordBase(raw, options.baseUrl) };
  const content: Omit<Job, 'contentHash'> = {
    externalId: cleanOptional(raw.externalId) ?? '',
    title: cleanWording(raw.title) ?? '',
    description: raw.description ? sanitiseOnce(raw.description, opts.baseUrl) : '',
    locations: normaliseLocations(raw, opts, errors),
    ...normaliseContract(raw),
    department: cleanWording(raw.department),
    salary: normaliseSalary(raw.salary, errors),
    ...salaryLabel(raw.salaryLabel),
    applyUrl: normaliseUrl(raw.applyUrl, opts.baseUrl, errors),
    postedAt: normaliseDate(raw.postedAt, 'postedAt', errors),
    updatedAt: normaliseDate(raw.updatedAt, 'updatedAt', errors),
  };
  const text = canonicalContent(content);
  const hash = createHash('sha256').update(text).digest('hex');
  const candidate: Job = { ...content, contentHash: hash };
  // zod only when the fast check is not sure: what it would return is then the candidate itself.
  const parsed = errors.length === 0 && certainlyValidJob(candidate) ? ({ success: true, data: candidate } as const) : jobSchema.safeParse(candidate);
  if (!parsed.success) {
    const known = new Set(errors.map((e) => e.field));
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.') || '(job)';
      // A field already reported by its parser would only repeat itself here ("Invalid string").
      if (!known.has(field)) errors.push({ field, message: issueMessage(field, issue) });
    }
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  // The text just hashed is the job's JSON but for its hash: staging reuses it rather than serialising it again.
  jobTexts.set(parsed.data, `${text.slice(0, -1)},"contentHash":"${hash}"}`);
  return { ok: true, job: parsed.data };
}

/** An extracted record to a Job, read from the page it came from; a record the importer marked unreadable stays invalid. */
export function normaliseExtracted(item: ExtractedJob): NormaliseResult {
  if (item.errors !== undefined && item.errors.length > 0) return { ok: false, errors: item.errors };
  return normaliseJob(item.raw, { baseUrl: item.sourceUrl });
}

/** What is wrong with a field, in words: an oversize string says so (a 1 MB title is not "missing"). */
function issueMessage(field: string, issue: { code: string; message: string; maximum?: unknown; origin?: unknown }): string {
  if (issue.code === 'too_big' && issue.origin === 'string') return `${field} longer than ${String(issue.maximum)} characters`;
  if (field === 'externalId') return 'externalId is missing or blank';
  if (field === 'title') return 'title is missing or blank';
  return issue.message;
}
