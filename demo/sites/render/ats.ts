import { readFile } from 'node:fs/promises';
import { type BreakableField, type Reply, type RenderFault, reply } from '../faults';
import type { Contract, SiteJob } from '../jobs';
import { COUNTRY_NAMES, escapeHtml, slugify } from './format';

/**
 * The ATS job boards (Greenhouse, Lever, Workable, Recruitee) as JSON APIs. Each record starts from the first record
 * of the importer's own fixture, so the properties the importer ignores (data_compliance, shortlink, tags…) are
 * there as the real APIs send them; the dataset overrides what the importer reads.
 */

export type AtsName = 'greenhouse' | 'lever' | 'workable' | 'recruitee';
type Json = Record<string, unknown>;

/** The client's account on every board: board token, company slug, subdomain. */
export const ATS_ACCOUNT = 'acme';

const FIXTURES: Record<AtsName, [string, (body: unknown) => unknown]> = {
  greenhouse: ['greenhouse/fixtures/jobs.json', (b) => (b as { jobs: unknown[] }).jobs[0]],
  lever: ['lever/fixtures/postings-page-1.json', (b) => (b as unknown[])[0]],
  workable: ['workable/fixtures/account.json', (b) => (b as { jobs: unknown[] }).jobs[0]],
  recruitee: ['recruitee/fixtures/offers.json', (b) => (b as { offers: unknown[] }).offers[0]],
};

export type AtsTemplates = Record<AtsName, Json>;

export async function loadAtsTemplates(): Promise<AtsTemplates> {
  const entries = await Promise.all(
    (Object.entries(FIXTURES) as [AtsName, (typeof FIXTURES)[AtsName]][]).map(async ([name, [file, pick]]) => {
      const text = await readFile(new URL(`../../../importers/${file}`, import.meta.url), 'utf8');
      return [name, structuredClone(pick(JSON.parse(text))) as Json] as const;
    }),
  );
  return Object.fromEntries(entries) as AtsTemplates;
}

// Properties left out by a `break-field` fault, per board (dotted paths).
const BREAK: Record<AtsName, Partial<Record<BreakableField, string[]>>> = {
  greenhouse: { title: ['title'], location: ['location'], contract: ['metadata'], date: ['first_published'], description: ['content'], department: ['departments'] },
  lever: {
    title: ['text'],
    location: ['categories.location', 'country'],
    contract: ['categories.commitment'],
    salary: ['salaryRange'],
    date: ['createdAt'],
    description: ['description', 'descriptionPlain'],
    department: ['categories.department', 'categories.team'],
  },
  workable: { title: ['title'], location: ['city', 'state', 'zip_code', 'country'], contract: ['employment_type'], date: ['published_on'], description: ['description'], department: ['department'] },
  recruitee: {
    title: ['title'],
    location: ['city', 'state_name', 'postal_code', 'country', 'country_code', 'location'],
    contract: ['employment_type_code'],
    salary: ['salary'],
    date: ['published_at'],
    description: ['description', 'requirements'],
    department: ['department'],
  },
};

function withoutPaths(record: Json, paths: readonly string[]): Json {
  const copy = structuredClone(record);
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce<Json | undefined>((o, k) => o?.[k] as Json | undefined, copy);
    if (parent) delete parent[last];
  }
  return copy;
}

// Workable's fixed list has no apprenticeship: clients pick "Other".
const WORKABLE_TYPES: Record<Contract, string> = { CDI: 'Full-time', CDD: 'Temporary', Stage: 'Internship', Alternance: 'Other' };
const RECRUITEE_TYPES: Record<Contract, string> = { CDI: 'fulltime_permanent', CDD: 'fulltime_fixed_term', Stage: 'internship', Alternance: 'apprenticeship' };

/** 09:00 in Paris (UTC+1 in winter) on the posting day, with the offset the boards print. */
const parisMorning = (date: string) => `${date}T09:00:00+01:00`;

function greenhouseJob(t: Json, j: SiteJob): Json {
  const place = `${j.city}, ${j.region}, ${COUNTRY_NAMES[j.country]}`;
  return {
    ...t,
    id: Number(j.id),
    internal_job_id: 3_000_000 + Number(j.id),
    title: j.title,
    absolute_url: `https://boards.greenhouse.io/${ATS_ACCOUNT}/jobs/${j.id}`,
    location: { name: j.remote ? `${place} (Télétravail)` : place },
    metadata: [{ id: 11235007, name: 'Type de contrat', value: j.contract, value_type: 'single_select' }],
    updated_at: parisMorning(j.postedAt),
    first_published: parisMorning(j.postedAt),
    requisition_id: `REQ-${j.id}`,
    company_name: 'Acme Industries',
    // The Job Board API escapes the HTML once.
    content: escapeHtml(j.description),
    departments: [{ id: 4021007, name: j.department, child_ids: [], parent_id: null }],
    offices: [{ id: 5031007, name: j.city, location: place, child_ids: [], parent_id: null }],
  };
}

function leverPosting(t: Json, j: SiteJob): Json {
  return {
    ...t,
    id: j.id,
    text: j.title,
    categories: { commitment: j.contract, department: j.department, location: j.remote ? 'Télétravail' : j.city, team: j.department },
    createdAt: Date.parse(`${j.postedAt}T08:00:00Z`),
    description: j.description,
    descriptionPlain: j.description.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(),
    lists: [],
    additional: '',
    additionalPlain: '',
    country: j.country,
    workplaceType: j.remote ? 'remote' : 'onsite',
    salaryRange: j.salary
      ? { currency: j.salary.currency, interval: j.salary.period === 'year' ? 'per-year-salary' : 'per-month-salary', min: j.salary.min, max: j.salary.max }
      : null,
    hostedUrl: `https://jobs.lever.co/${ATS_ACCOUNT}/${j.id}`,
    applyUrl: `https://jobs.lever.co/${ATS_ACCOUNT}/${j.id}/apply`,
  };
}

function workableJob(t: Json, j: SiteJob): Json {
  return {
    ...t,
    title: j.title,
    shortcode: j.id,
    code: '',
    employment_type: WORKABLE_TYPES[j.contract],
    telecommuting: j.remote,
    department: j.department,
    url: `https://apply.workable.com/j/${j.id}`,
    shortlink: `https://apply.workable.com/j/${j.id}`,
    application_url: `https://apply.workable.com/j/${j.id}/apply`,
    published_on: j.postedAt,
    created_at: j.postedAt,
    country: COUNTRY_NAMES[j.country],
    city: j.city,
    state: j.region,
    zip_code: j.postalCode,
    description: j.description,
  };
}

function recruiteeOffer(t: Json, j: SiteJob): Json {
  const slug = `${slugify(j.title)}-${j.id}`;
  return {
    ...t,
    id: Number(j.id),
    slug,
    title: j.title,
    description: j.description,
    requirements: '',
    city: j.city,
    state_name: j.region,
    postal_code: j.postalCode,
    country: COUNTRY_NAMES[j.country],
    country_code: j.country,
    location: `${j.city}, ${j.region}, ${COUNTRY_NAMES[j.country]}`,
    locations: [{ id: 80_000 + Number(j.id), city: j.city, state: j.region, postal_code: j.postalCode, country: COUNTRY_NAMES[j.country], country_code: j.country }],
    remote: j.remote,
    employment_type_code: RECRUITEE_TYPES[j.contract],
    department: j.department,
    salary: j.salary ? { min: String(j.salary.min), max: String(j.salary.max), currency: j.salary.currency, period: j.salary.period } : null,
    careers_url: `https://${ATS_ACCOUNT}.recruitee.com/o/${slug}`,
    careers_apply_url: `https://${ATS_ACCOUNT}.recruitee.com/o/${slug}/c/new`,
    published_at: `${j.postedAt} 08:00:00 UTC`,
    created_at: `${j.postedAt} 07:00:00 UTC`,
    updated_at: `${j.postedAt} 08:00:00 UTC`,
  };
}

const MAPPERS: Record<AtsName, (t: Json, j: SiteJob) => Json> = { greenhouse: greenhouseJob, lever: leverPosting, workable: workableJob, recruitee: recruiteeOffer };

/** The API path each board answers, relative to the site prefix (query aside). */
export const ATS_PATHS: Record<AtsName, string> = {
  greenhouse: `/v1/boards/${ATS_ACCOUNT}/jobs`,
  lever: `/v0/postings/${ATS_ACCOUNT}`,
  workable: `/api/accounts/${ATS_ACCOUNT}`,
  recruitee: '/api/offers/',
};

/** Routes of an ATS board, `path` relative to its prefix; null is a 404 (unknown board token, as the APIs answer). */
export function renderAtsSite(name: AtsName, templates: AtsTemplates, path: string, listed: readonly SiteJob[], f: RenderFault): Reply | null {
  const url = new URL(path, 'http://site');
  if (url.pathname !== ATS_PATHS[name]) return null;
  const drop = f.broken === null ? [] : (BREAK[name][f.broken] ?? []);
  const records = listed.map((j) => withoutPaths(MAPPERS[name](templates[name], j), drop));
  let body: unknown;
  switch (name) {
    case 'greenhouse':
      body = f.changedLayout ? { postings: records } : { jobs: records, meta: { total: records.length } };
      break;
    case 'lever': {
      // skip/limit pagination; the last page is the first short one (no total).
      const skip = Number(url.searchParams.get('skip') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? records.length);
      const page = records.slice(skip, skip + limit);
      body = f.changedLayout ? { data: page, hasNext: skip + limit < records.length } : page;
      break;
    }
    case 'workable':
      body = { name: 'Acme Industries', description: '<p>Acme Industries recrute.</p>', [f.changedLayout ? 'offers' : 'jobs']: records };
      break;
    case 'recruitee':
      body = { [f.changedLayout ? 'jobs' : 'offers']: records };
      break;
  }
  return reply('application/json; charset=utf-8', JSON.stringify(body));
}
