import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { z } from 'zod';
import type { ExtractObserver, RawJob, RawLocation } from '../definition';

/**
 * Declarative field extraction shared by the scraping kinds. A field is a CSS selector, evaluated inside a list
 * item or a whole page, with what to read (text, an attribute, inner HTML), an optional regex and, for importers
 * written in code, a transform. The string form "a.title" reads text and "a@href" an attribute.
 */

export type FieldValue = string | number | boolean | null;
export type FieldTransform = (value: string | null, context: { url: string }) => FieldValue;

export const fieldSpecSchema = z.union([
  z.string().min(1),
  z
    .strictObject({
      /** CSS selector; `:scope` is the element itself (the list item, or the page root). */
      selector: z.string().min(1).optional(),
      /** Attribute to read; the element's text when absent. */
      attr: z.string().min(1).optional(),
      /** Inner HTML instead of text (descriptions). */
      html: z.boolean().optional(),
      /** Join every match instead of reading the first one (text with " ", HTML as is). */
      all: z.boolean().optional(),
      /**
       * Keep the first capture group (or the whole match); no match gives null. With `all`, every match of every
       * node is kept, joined with ", " (a list of cities in one element).
       */
      regex: z.string().min(1).optional(),
      /** A constant, for what the site never shows ("France"). */
      value: z.union([z.string(), z.number(), z.boolean()]).optional(),
      transform: z.custom<FieldTransform>((v) => typeof v === 'function', 'a function').optional(),
    })
    .refine((f) => f.selector !== undefined || f.value !== undefined, 'a field needs a selector or a value'),
]);
export type FieldSpec = z.infer<typeof fieldSpecSchema>;

/** The flat names a field can fill; `toRawJob` nests them into a RawJob. */
export const RAW_FIELDS = [
  'externalId',
  'title',
  'description',
  'city',
  'region',
  'postalCode',
  'country',
  'remote',
  'contractType',
  'workingTime',
  'contractLabel',
  /** The former name of `contractType` (the same source wording), still read from stored field maps. */
  'employmentType',
  'department',
  'salaryMin',
  'salaryMax',
  'salaryCurrency',
  'salaryPeriod',
  /** The source's own words about pay ("Selon profil", "+ primes"), kept as text beside any amount. */
  'salaryLabel',
  'applyUrl',
  'postedAt',
  'updatedAt',
] as const;
export type RawField = (typeof RAW_FIELDS)[number];
export const fieldMapSchema = z.partialRecord(z.enum(RAW_FIELDS), fieldSpecSchema);
export type FieldMap = z.infer<typeof fieldMapSchema>;
export type FieldValues = Partial<Record<RawField, FieldValue>>;

interface NormalSpec {
  selector?: string;
  attr?: string;
  html?: boolean;
  all?: boolean;
  regex?: string;
  value?: string | number | boolean;
  transform?: FieldTransform;
}

function normalSpec(spec: FieldSpec, defaultAttr?: string): NormalSpec {
  if (typeof spec !== 'string') return spec;
  const at = spec.lastIndexOf('@');
  // "@" inside an attribute selector ([href*="@"]) is not the attribute shorthand.
  if (at > 0 && !spec.slice(at).includes(']')) return { selector: spec.slice(0, at), attr: spec.slice(at + 1) };
  return { selector: spec, attr: defaultAttr };
}

/** The selector as reported to the observer, in the string form. */
export function describeSpec(spec: FieldSpec, defaultAttr?: string): string {
  const s = normalSpec(spec, defaultAttr);
  if (s.selector === undefined) return `=${String(s.value)}`;
  return s.attr ? `${s.selector}@${s.attr}` : s.selector;
}

export interface EvalTarget {
  $: CheerioAPI;
  /** The list item, or the page root. */
  scope: Cheerio<AnyNode>;
  url: string;
  observe: ExtractObserver;
}

/** Evaluates one field and reports the selector's match count. */
export function evaluateField(field: string, spec: FieldSpec, target: EvalTarget, defaultAttr?: string): FieldValue {
  const s = normalSpec(spec, defaultAttr);
  if (s.selector === undefined) return s.transform ? s.transform(String(s.value), { url: target.url }) : (s.value ?? null);
  const nodes = s.selector === ':scope' ? target.scope : target.scope.find(s.selector);
  target.observe.selector({ field, selector: describeSpec(spec, defaultAttr), url: target.url, matched: nodes.length });
  const read = (node: AnyNode): string | null => {
    const el = target.$(node);
    if (s.attr) return el.attr(s.attr) ?? null;
    return s.html ? (el.html() ?? null) : el.text().replace(/\s+/g, ' ').trim();
  };
  const picked = s.all ? nodes.toArray() : nodes.toArray().slice(0, 1);
  const parts = picked.map(read).filter((v): v is string => v !== null && v !== '');
  let value: string | null = parts.length === 0 ? null : parts.join(s.html ? '' : ' ');
  if (s.all && s.regex) {
    const re = new RegExp(s.regex, 'gu');
    const found = parts.flatMap((part) => [...part.matchAll(re)].map((m) => m[1] ?? m[0])).filter((v) => v !== '');
    value = found.length === 0 ? null : found.join(', ');
  } else if (value !== null && s.regex) {
    const m = new RegExp(s.regex, 'u').exec(value);
    value = m ? (m[1] ?? m[0]) : null;
  }
  return s.transform ? s.transform(value, { url: target.url }) : value;
}

export function evaluateFields(fields: FieldMap, target: EvalTarget): FieldValues {
  const out: FieldValues = {};
  for (const name of RAW_FIELDS) {
    const spec = fields[name];
    if (spec !== undefined) out[name] = evaluateField(name, spec, target);
  }
  return out;
}

const NEGATIVE = /^(non|no|false|0|aucun|none|sur site|on[- ]?site)$/i;

function asText(v: FieldValue | undefined): string | null {
  return v === null || v === undefined || typeof v === 'boolean' ? null : String(v);
}

/** The fields of one place. */
export const LOCATION_FIELDS = ['city', 'region', 'postalCode', 'country'] as const;
export type LocationField = (typeof LOCATION_FIELDS)[number];
/** Every value a location field read, in order (repeated elements, `offices[*].city`): one place per index. */
export type LocationLists = Partial<Record<LocationField, readonly FieldValue[]>>;

/**
 * Several places zipped by index from `lists` (a field with one value, or no list, is the same for every place);
 * null when no field has more than one value, the single `location` then says it all.
 */
function zipLocations(v: FieldValues, lists: LocationLists | undefined, remote: boolean): RawLocation[] | null {
  if (lists === undefined) return null;
  let count = 0;
  for (const field of LOCATION_FIELDS) count = Math.max(count, lists[field]?.length ?? 0);
  if (count < 2) return null;
  const at = (field: LocationField, i: number): string | null => {
    const list = lists[field];
    if (list === undefined || list.length === 0) return asText(v[field]);
    return asText(list.length === 1 ? list[0] : list[i]);
  };
  const places: RawLocation[] = [];
  for (let i = 0; i < count; i++) {
    places.push({ city: at('city', i), region: at('region', i), postalCode: at('postalCode', i), country: at('country', i), remote });
  }
  return places;
}

/**
 * Flat field values to a RawJob (one place: `location`; several, from `lists`: `locations`). `employmentType` is the former name of `contractType`,
 * both read as the source's contract wording. `remote` is true when its field yields true or any text but a negative word
 * (presence of a "Télétravail" badge means remote). `applyUrl` is resolved against the page it was read from.
 */
export function toRawJob(v: FieldValues, pageUrl: string, lists?: LocationLists): RawJob {
  const remoteValue = v.remote;
  const remote = typeof remoteValue === 'boolean' ? remoteValue : (asText(remoteValue)?.trim() ?? '') !== '' && !NEGATIVE.test(String(remoteValue).trim());
  const hasLocation = ['city', 'region', 'postalCode', 'country'].some((k) => asText(v[k as RawField]) !== null) || remoteValue !== undefined;
  const hasSalary = asText(v.salaryMin) !== null || asText(v.salaryMax) !== null;
  const apply = asText(v.applyUrl);
  let applyUrl = apply;
  if (apply !== null) {
    try {
      applyUrl = new URL(apply, pageUrl).href;
    } catch {
      // Left as is: normalisation reports it with the field name.
    }
  }
  const postedAt = v.postedAt;
  const updatedAt = v.updatedAt;
  const places = zipLocations(v, lists, remote);
  return {
    externalId: asText(v.externalId),
    title: asText(v.title),
    description: asText(v.description),
    ...(places === null
      ? {
          location: hasLocation
            ? { city: asText(v.city), region: asText(v.region), postalCode: asText(v.postalCode), country: asText(v.country), remote }
            : null,
        }
      : { locations: places }),
    // Contract fields only when mapped: a record keeps the shape of the field map that made it.
    ...(v.contractType !== undefined && { contractType: asText(v.contractType) }),
    ...(v.workingTime !== undefined && { workingTime: asText(v.workingTime) }),
    ...(v.contractLabel !== undefined && { contractLabel: asText(v.contractLabel) }),
    employmentType: asText(v.employmentType),
    department: asText(v.department),
    salary: hasSalary
      ? { min: asText(v.salaryMin), max: asText(v.salaryMax), currency: asText(v.salaryCurrency), period: asText(v.salaryPeriod) }
      : null,
    ...(v.salaryLabel !== undefined && { salaryLabel: asText(v.salaryLabel) }),
    applyUrl,
    postedAt: typeof postedAt === 'number' ? postedAt : asText(postedAt),
    updatedAt: typeof updatedAt === 'number' ? updatedAt : asText(updatedAt),
  };
}
