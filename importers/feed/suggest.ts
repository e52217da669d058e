import { parseXmlItems, type XmlElement, xmlTextContent } from '../sdk/kinds/xml';
import type { LenientCounts } from '../sdk/kinds/xml-lenient';
import { createXmlSurvey, repeatingElement } from '../sdk/kinds/xml-survey';
import type { FeedField, FeedFieldMap } from './config';
import { detectFormat } from './extract';
import type { Format } from './fields';
import { evalJsonPath, parseJsonPath } from './path';

/**
 * `importer try feed --suggest`: reads one feed document, finds the repeating item (the element or array with the
 * most siblings alike), lists every path inside it with how many items have it and a sample, and proposes a field
 * map from the names it sees. A development aid: the document is fetched whole (within the fetch size limit) and
 * read twice by the xml kind's bounded reader (a survey of its elements, then the items); at most MAX_ITEMS items
 * are examined.
 */

const MAX_ITEMS = 500;
const MAX_DEPTH = 5;

export interface PathStat {
  path: string;
  /** Items with a non-empty value at this path. */
  items: number;
  sample: string;
  /** Distinct values over the items examined (for the unique-id advice). */
  distinct: number;
}

export interface Suggestion {
  format: Format;
  items: string;
  count: number;
  paths: PathStat[];
  fields: FeedFieldMap;
  notes: string[];
}

/** Field → names that usually carry it (last path segment, lower case, without prefix or `@`), best first. */
const NAMES: [FeedField, RegExp][] = [
  ['externalId', /^(referencenumber|reference|ref|id|guid|jobid|job_id|job-id|offer_id|reference_number|requisition_id)$/],
  ['title', /^(title|intitule|intitulé|titre|name|jobtitle|job_title|poste)$/],
  ['description', /^(description|texte|content|body|summary|descriptif|job_description)$/],
  ['city', /^(city|ville|town|locality|commune)$/],
  ['postalCode', /^(postalcode|postal_code|zip|zipcode|zip_code|cp|code_postal)$/],
  ['region', /^(state|region|région|departement)$/],
  ['country', /^(country|pays|country_code|countrycode)$/],
  ['employmentType', /^(jobtype|job_type|contract|contrat|contract_type|contracttype|employment_type|employmenttype|type_contrat)$/],
  ['department', /^(category|department|service|famille|categorie|catégorie|function|team)$/],
  ['applyUrl', /^(url|link|lien|href|apply_url|applyurl|application_url)$/],
  ['postedAt', /^(date|pubdate|published|published_at|publication_date|date_publication|created|created_at|posted_at|dateposted|date_posted)$/],
  ['updatedAt', /^(updated|updated_at|modified|date_maj|last_modified|lastmodified)$/],
  ['salaryText', /^(salary|salaire|remuneration|rémunération)$/],
  ['salaryMin', /^(salary_min|min|minimum)$/],
  ['salaryMax', /^(salary_max|max|maximum)$/],
  ['salaryCurrency', /^(currency|devise)$/],
  ['salaryPeriod', /^(period|periode|période|salary_period)$/],
];

function segmentName(path: string): string {
  const last = path.split(/[/.]/).at(-1) ?? path;
  return last.replace(/^@/, '').replace(/\[[^\]]*\]$/, '').replace(/^.*:/, '').toLowerCase();
}

/** Reads `text` (the feed as fetched) and proposes items and fields; `items` forces the item instead of guessing. */
export async function suggestFeed(text: string, options: { contentType: string | null; url: string; items?: string }): Promise<Suggestion> {
  const format = detectFormat(options.contentType, text.slice(0, 256));
  return format === 'json' ? suggestJson(text, options.items) : suggestXml(text, options.url, options.items);
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** The likely item: the element repeated most, with children, outside other repeated elements (`jobs/offer`). */
async function findXmlItems(text: string, url: string): Promise<string> {
  const survey = createXmlSurvey();
  // An item that matches nothing: the reader only surveys the document.
  for await (const _ of parseXmlItems(once(text), { item: '', source: url, survey, lenient: emptyCounts() })) void _;
  return repeatingElement(survey)?.path ?? '';
}

const emptyCounts = (): LenientCounts => ({ bareAmpersands: 0, htmlEntities: 0, c1Repaired: 0 });

function xmlPaths(item: XmlElement, prefix: string, out: Map<string, string[]>, depth: number): void {
  for (const [name, value] of Object.entries(item.attributes)) push(out, `${prefix}@${name}`, value);
  if (item.children.length === 0 || depth >= MAX_DEPTH) {
    if (prefix !== '') push(out, prefix.replace(/\/$/, ''), xmlTextContent(item));
    return;
  }
  const seen = new Map<string, number>();
  for (const child of item.children) {
    const name = child.qname ?? child.name;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    // The first of repeated elements reads as `category`; the next ones are listed by position.
    xmlPaths(child, `${prefix}${name}${n > 1 ? `[${n}]` : ''}/`, out, depth + 1);
  }
}

function push(out: Map<string, string[]>, path: string, value: string): void {
  const values = out.get(path) ?? [];
  values.push(value.trim().replace(/\s+/g, ' '));
  out.set(path, values);
}

async function suggestXml(text: string, url: string, forced?: string): Promise<Suggestion> {
  const counts = emptyCounts();
  const items = forced ?? (await findXmlItems(text, url));
  const values = new Map<string, string[]>();
  let count = 0;
  for await (const item of parseXmlItems(once(text), { item: items, source: url, lenient: counts })) {
    count += 1;
    if (count <= MAX_ITEMS) {
      const mine = new Map<string, string[]>();
      xmlPaths(item, '', mine, 0);
      for (const [path, vs] of mine) push(values, path, vs.find((v) => v !== '') ?? '');
    }
  }
  const notes: string[] = [];
  if (counts.bareAmpersands > 0) notes.push(`${counts.bareAmpersands} bare & read as literal & (the feed is not well-formed XML)`);
  if (counts.htmlEntities > 0) notes.push(`${counts.htmlEntities} HTML entities decoded`);
  return finish('xml', items, count, values, notes);
}

function suggestJson(text: string, forced?: string): Suggestion {
  const body = JSON.parse(text) as unknown;
  let items = forced ?? '$';
  if (forced === undefined) {
    let best = -1;
    const walk = (value: unknown, path: string, depth: number): void => {
      if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
      if (Array.isArray(value)) {
        const objects = value.filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v)).length;
        if (objects > best) {
          best = objects;
          items = path === '' ? '$' : path;
        }
        return;
      }
      for (const [key, v] of Object.entries(value)) walk(v, path === '' ? key : `${path}.${key}`, depth + 1);
    };
    walk(body, '', 0);
  }
  const [array] = evalJsonPath(body, parseJsonPath(items));
  const list = Array.isArray(array) ? (array as unknown[]) : [];
  const values = new Map<string, string[]>();
  const walkItem = (value: unknown, path: string, mine: Map<string, string[]>, depth: number): void => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object') return push(mine, path, String(value));
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(value)) {
      value.forEach((v) => walkItem(v, `${path}[*]`, mine, depth + 1));
      return;
    }
    for (const [key, v] of Object.entries(value)) walkItem(v, path === '' ? key : `${path}.${key}`, mine, depth + 1);
  };
  for (const item of list.slice(0, MAX_ITEMS)) {
    const mine = new Map<string, string[]>();
    walkItem(item, '', mine, 0);
    for (const [path, vs] of mine) push(values, path, vs.filter((v) => v !== '').join(' | '));
  }
  return finish('json', items, list.length, values, []);
}

function finish(format: Format, items: string, count: number, values: Map<string, string[]>, notes: string[]): Suggestion {
  const paths: PathStat[] = [...values.entries()].map(([path, vs]) => {
    const filled = vs.filter((v) => v !== '');
    const sample = filled[0] ?? '';
    return { path, items: filled.length, sample: sample.length > 60 ? `${sample.slice(0, 59)}…` : sample, distinct: new Set(filled).size };
  });
  let fields: FeedFieldMap = {};
  for (const [field, names] of NAMES) {
    const candidates = paths
      .filter((p) => p.items > 0 && names.test(segmentName(p.path)) && !Object.values(fields).includes(p.path))
      .sort((a, b) => b.items - a.items || a.path.length - b.path.length);
    const chosen = candidates[0];
    if (chosen === undefined) continue;
    // `offices[*].city` reads every office: the first one is what the single-location fields take.
    fields[field] = chosen.path.replace('[*]', '[0]');
  }
  if (fields.salaryText !== undefined && (fields.salaryMin !== undefined || fields.salaryMax !== undefined)) delete fields.salaryText;
  const id = paths.find((p) => p.path === fields.externalId);
  if (id === undefined) {
    // No reference anywhere: the link is the usual identity of a job in such feeds (an id in its query string).
    const link = paths.find((p) => p.path === fields.applyUrl && p.items === Math.min(count, MAX_ITEMS) && p.distinct === p.items);
    if (link !== undefined) {
      fields = { externalId: link.path, ...fields };
      notes.push(`no path looks like an id: externalId reads \`${link.path}\`, unique in every item (a \`regex\` can keep the id in it)`);
    } else notes.push('no path looks like an id: choose one for externalId (a reference, or the link)');
  } else if (id.distinct < id.items) notes.push(uniqueIdAdvice(id, paths, count));
  if (fields.title === undefined) notes.push('no path looks like a title: choose one for title');
  return { format, items, count, paths: paths.filter((p) => p.items > 0), fields, notes };
}

/** "`ref` repeats: 3 values for 16 items; `link` is unique in every item". */
export function uniqueIdAdvice(id: PathStat, paths: readonly PathStat[], count: number): string {
  const unique = paths.filter((p) => p.items === Math.min(count, MAX_ITEMS) && p.distinct === p.items && !p.path.includes('[*]'));
  const preferred = unique.sort((a, b) => Number(/url|link|lien|href|id|ref/i.test(b.path)) - Number(/url|link|lien|href|id|ref/i.test(a.path)))[0];
  return (
    `\`${id.path}\` repeats (${id.distinct} values for ${id.items} items): records with the same id are a duplicates conflict` +
    (preferred === undefined ? '' : `; \`${preferred.path}\` is unique in every item`)
  );
}

/** Source paths no field reads, with their coverage: "`salary` in 16/16 items, not mapped". */
export function unmappedPaths(suggestion: Suggestion, fields: FeedFieldMap): string[] {
  const read = new Set<string>();
  for (const spec of Object.values(fields)) {
    if (typeof spec === 'string') read.add(spec);
    else {
      if (spec.path !== undefined) read.add(spec.path);
      for (const p of spec.join ?? []) read.add(p);
    }
  }
  const covered = (path: string): boolean => {
    for (const r of read) {
      const normal = r.replace(/\[0\]/g, '[*]');
      if (r === path || normal === path || path.startsWith(`${r}/`) || path.startsWith(`${r}.`) || path === r.replace(/\[1\]$/, '')) return true;
    }
    return false;
  };
  return suggestion.paths.filter((p) => p.items > 0 && !covered(p.path)).map((p) => `\`${p.path}\` in ${p.items}/${suggestion.count} items, not mapped`);
}

/** What the dry run of a `feed` configuration adds: source paths no field reads, and an id that is not unique. */
export function reviewConfig(suggestion: Suggestion, fields: FeedFieldMap): string[] {
  const lines = unmappedPaths(suggestion, fields);
  const spec = fields.externalId;
  const idPath = typeof spec === 'string' ? spec : spec?.path;
  const id = suggestion.paths.find((p) => p.path === idPath);
  if (id !== undefined && id.distinct < id.items && !(typeof spec === 'object' && spec.regex !== undefined)) lines.push(uniqueIdAdvice(id, suggestion.paths, suggestion.count));
  return lines;
}

export function formatSuggestion(s: Suggestion, url: string): string {
  const width = Math.min(40, Math.max(...s.paths.map((p) => p.path.length), 4));
  const lines = [
    `Feed ${url} (${s.format})`,
    `Items  \`${s.items}\` ×${s.count}`,
    '',
    `Paths in the items (items having a value / ${s.count}, a sample):`,
    ...s.paths.map((p) => `  ${p.path.padEnd(width)}  ${`${p.items}/${s.count}`.padStart(7)}  ${JSON.stringify(p.sample)}`),
    ...(s.notes.length > 0 ? ['', 'Notes:', ...s.notes.map((n) => `  - ${n}`)] : []),
    '',
    'Proposed configuration (edit, then: npm run importer -- try feed --config \'…\'):',
    JSON.stringify({ feedUrl: url, format: s.format, items: s.items, fields: s.fields }, null, 2),
  ];
  return lines.join('\n');
}
