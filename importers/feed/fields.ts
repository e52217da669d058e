import type { RawJob } from '../sdk/definition';
import { parseDate } from '../sdk/fields/dates';
import { type FieldValue, type FieldValues, toRawJob } from '../sdk/kinds/fields';
import { compileRegex, FEED_FIELDS, type FeedField, type FeedFieldMap, type FeedFieldSpec } from './config';
import { compileDateFormat } from './date-format';
import { evalJsonPath, evalXmlPath, type FeedElement, innerMarkup, parseJsonPath, parseXmlPath, textContent } from './path';
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
    return (item) => evalJsonPath(item, steps).flatMap((v) => (typeof v === 'object' ? [] : [String(v)]));
  }
  const steps = parseXmlPath(path);
  return (item) =>
    evalXmlPath(item as FeedElement, steps).map((node) => (typeof node === 'string' ? node : html ? innerMarkup(node) : textContent(node)).trim());
}

const DATE_FIELDS = new Set<FeedField>(['postedAt', 'updatedAt']);

function compileField(name: FeedField, spec: FeedFieldSpec, format: Format, stats: FieldStats): (item: unknown) => FieldValue {
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

  return (item) => {
    let value: string | null;
    if (readers.length === 0) {
      value = constant === undefined ? null : String(constant);
      if (typeof constant !== 'string' && constant !== undefined && regex === null && table === null) return constant;
    } else {
      const parts: string[] = [];
      for (const read of readers) {
        const found = read(item).filter((v) => v !== '');
        if (s.join !== undefined || s.all === true) parts.push(...found);
        else if (found[0] !== undefined) parts.push(found[0]);
      }
      value = parts.length === 0 ? null : parts.join(separator);
    }
    if (value !== null && regex !== null) {
      const m = regex.exec(value);
      regex.lastIndex = 0;
      value = m === null ? null : (m[1] ?? m[0]);
    }
    if (value !== null && isDate) {
      const iso = readDate === null ? (parseDate(value)?.ok === true ? value : null) : readDate(value);
      if (iso === null) stats.unreadableDates += 1;
      value = iso;
    }
    if (value !== null && table !== null) {
      const mapped = table.get(value.trim().toLowerCase());
      if (mapped !== undefined) return mapped;
    }
    return value;
  };
}

export interface CompiledFields {
  read(item: unknown, sourceUrl: string): RawJob;
  stats: FieldStats;
}

/** Compiles `fields` for `format`. Paths were checked by the config schema; an error here names the field. */
export function compileFields(fields: FeedFieldMap, format: Format): CompiledFields {
  const stats: FieldStats = { filled: new Map(), unreadableDates: 0 };
  const compiled: [FeedField, (item: unknown) => FieldValue][] = [];
  for (const name of FEED_FIELDS) {
    const spec = fields[name];
    if (spec === undefined) continue;
    try {
      compiled.push([name, compileField(name, spec, format, stats)]);
    } catch (err) {
      throw new Error(`fields.${name}: ${err instanceof Error ? err.message : String(err)} (read as ${format})`);
    }
  }
  return {
    stats,
    read(item, sourceUrl) {
      const values: FieldValues & { salaryText?: FieldValue } = {};
      for (const [name, read] of compiled) {
        const value = read(item);
        values[name] = value;
        if (value !== null) stats.filled.set(name, (stats.filled.get(name) ?? 0) + 1);
      }
      const raw = toRawJob(values, sourceUrl);
      if (values.salaryText !== undefined && raw.salary === null) {
        raw.salary = parseSalaryText(values.salaryText === null ? null : String(values.salaryText));
      }
      return raw;
    },
  };
}
