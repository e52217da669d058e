import type { RawJob } from '../sdk/definition';
import { parseDate } from '../sdk/fields/dates';
import { type FieldValue, type FieldValues, LOCATION_FIELDS, type LocationField, type LocationLists, toRawJob } from '../sdk/kinds/fields';
import { compileRegex, FEED_FIELDS, type FeedField, type FeedFieldMap, type FeedFieldSpec } from './config';
import { compileDateFormat } from './date-format';
import { type XmlElement, xmlTextContent } from '../sdk/kinds/xml';
import { evalJsonPath, evalXmlPath, innerMarkup, parseJsonPath, parseXmlPath } from './path';
import { parseSalaryText } from './salary-text';

/**
 * A field map compiled once per run into readers, then applied to every item: paths parsed, regexes and date
 * formats compiled. Per field, in order: path(s) → first value (or all, joined) → regex → date → value table.
 */

export type Format = 'xml' | 'json';

/** Counters the run report shows: values read per field, and dates that could not be read. */
export interface FieldStats {
  /** Items where the field had a value, by field. */
  filled: Map<FeedField, number>;
  unreadableDates: number;
}

type Reader = (item: unknown) => string[];

function compileReader(path: string, format: Format, html: boolean): Reader {
  if (format === 'json') {
    const steps = parseJsonPath(path);
    // A null is an empty value, kept in place: `offices[*].region` must stay aligned with `offices[*].city`.
    return (item) => evalJsonPath(item, steps, true).flatMap((v) => (v === null ? [''] : typeof v === 'object' ? [] : [String(v)]));
  }
  const steps = parseXmlPath(path);
  const [only] = steps;
  if (steps.length === 1 && only?.kind === 'element' && only.position === undefined && !html) {
    // The common case (`title`): one loop over the children, no arrays per step; runs for every field of every item.
    const { name, prefixed } = only;
    return (item) => {
      const out: string[] = [];
      for (const child of (item as XmlElement).children) {
        if ((prefixed ? (child.qname ?? child.name) : child.name) === name) out.push((child.parts === undefined ? child.text : xmlTextContent(child)).trim());
      }
      return out;
    };
  }
  return (item) =>
    evalXmlPath(item as XmlElement, steps).map((node) => (typeof node === 'string' ? node : html ? innerMarkup(node) : xmlTextContent(node)).trim());
}

const DATE_FIELDS = new Set<FeedField>(['postedAt', 'updatedAt']);
/** Fields of a place, read as lists: several places (repeated elements, `[*]`) give `locations[]`. */
const PLACE_FIELDS = new Set<FeedField>(LOCATION_FIELDS);

/**
 * Whether a date without a configured format can be read (ISO 8601, RFC 2822…), remembered per text: a feed's
 * items share a handful of publication days, and this runs for every item.
 */
function readableDateCache(): (value: string) => boolean {
  const known = new Map<string, boolean>();
  return (value) => {
    let ok = known.get(value);
    if (ok === undefined) {
      ok = parseDate(value)?.ok === true;
      if (known.size >= 1000) known.clear();
      known.set(value, ok);
    }
    return ok;
  };
}

function compileField(name: FeedField, spec: FeedFieldSpec, format: Format, stats: FieldStats, list: true): (item: unknown) => FieldValue | FieldValue[];
function compileField(name: FeedField, spec: FeedFieldSpec, format: Format, stats: FieldStats, list?: false): (item: unknown) => FieldValue;
function compileField(name: FeedField, spec: FeedFieldSpec, format: Format, stats: FieldStats, list = false): (item: unknown) => FieldValue | FieldValue[] {
  const s = typeof spec === 'string' ? { path: spec } : spec;
  const html = s.html === true;
  const paths = s.join ?? (s.path === undefined ? [] : [s.path]);
  const readers = paths.map((p) => compileReader(p, format, html));
  const separator = s.separator ?? (html ? '' : ' ');
  const regex = s.regex === undefined ? null : compileRegex(s.regex);
  const readDate = s.format === undefined ? null : compileDateFormat(s.format);
  const isDate = readDate !== null || DATE_FIELDS.has(name);
  const table = s.map === undefined ? null : new Map(Object.entries(s.map).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const constant = s.value;
  const readable = readableDateCache();
  const several = s.join !== undefined || s.all === true;

  /** Regex, date and value table: applied to one value read (the field's, or each place's). */
  const finish = (read: string | null): FieldValue => {
    let value = read;
    if (value !== null && regex !== null) {
      const m = regex.exec(value);
      regex.lastIndex = 0;
      value = m === null ? null : (m[1] ?? m[0]);
    }
    if (value !== null && isDate) {
      const iso = readDate === null ? (readable(value) ? value : null) : readDate(value);
      if (iso === null) stats.unreadableDates += 1;
      value = iso;
    }
    if (value !== null && table !== null) {
      const mapped = table.get(value.trim().toLowerCase());
      if (mapped !== undefined) return mapped;
    }
    return value;
  };

  if (list) {
    // A place field read from one path: every value, in order (repeated elements, `offices[*].city`), so that
    // toRawJob zips one location per index. An empty value keeps its index.
    const [read] = readers;
    if (read !== undefined && !several) return (item) => read(item).map((v) => finish(v === '' ? null : v));
  }

  return (item) => {
    let value: string | null;
    if (readers.length === 0) {
      value = constant === undefined ? null : String(constant);
      if (typeof constant !== 'string' && constant !== undefined && regex === null && table === null) return constant;
    } else {
      if (several) {
        const parts: string[] = [];
        for (const read of readers) for (const v of read(item)) if (v !== '') parts.push(v);
        value = parts.length === 0 ? null : parts.join(separator);
      } else {
        value = null;
        for (const read of readers) {
          for (const v of read(item)) {
            if (v === '') continue;
            value = value === null ? v : value + separator + v;
            break;
          }
        }
      }
    }
    return finish(value);
  };
}

export interface CompiledFields {
  read(item: unknown, sourceUrl: string): RawJob;
  stats: FieldStats;
}

/** Compiles `fields` for `format`. Paths were checked by the config schema; an error here names the field. */
export function compileFields(fields: FeedFieldMap, format: Format): CompiledFields {
  const stats: FieldStats = { filled: new Map(), unreadableDates: 0 };
  const compiled: [FeedField, (item: unknown) => FieldValue | FieldValue[]][] = [];
  for (const name of FEED_FIELDS) {
    const spec = fields[name];
    if (spec === undefined) continue;
    try {
      compiled.push([name, PLACE_FIELDS.has(name) ? compileField(name, spec, format, stats, true) : compileField(name, spec, format, stats)]);
    } catch (err) {
      throw new Error(`fields.${name}: ${err instanceof Error ? err.message : String(err)} (read as ${format})`);
    }
  }
  return {
    stats,
    read(item, sourceUrl) {
      const values: FieldValues & { salaryText?: FieldValue } = {};
      let lists: LocationLists | undefined;
      for (const [name, read] of compiled) {
        const got = read(item);
        let value: FieldValue;
        if (Array.isArray(got)) {
          // The first value is the field's (as for any path); the list gives the other places.
          value = got.find((v) => v !== null) ?? null;
          (lists ??= {})[name as LocationField] = got;
        } else value = got;
        values[name] = value;
        if (value !== null) stats.filled.set(name, (stats.filled.get(name) ?? 0) + 1);
      }
      const raw = toRawJob(values, sourceUrl, lists);
      if (values.salaryText !== undefined && raw.salary === null) {
        const text = values.salaryText === null ? null : String(values.salaryText);
        raw.salary = parseSalaryText(text);
        // Words without an amount ("Selon profil") are no salary, but they are what the client published about pay.
        if (raw.salary === null && text !== null && text.trim() !== '' && raw.salaryLabel == null) raw.salaryLabel = text;
      }
      return raw;
    },
  };
}
