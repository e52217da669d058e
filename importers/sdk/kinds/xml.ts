import type { ExtractContext, ExtractedJob, RawJob } from '../definition';
import { parseXmlItems, type XmlElement } from './xml-reader';

/**
 * The xml kind: streaming XML feeds (Indeed/multiposting-style `<source><job>`, Personio
 * `<workzag-jobs><position>`...). ./xml-reader turns the document into item elements as they close; this module
 * reads values out of an item (paths, field maps) and runs a feed through `ctx.fetchStream`.
 */
export { parseXmlItemBatches, parseXmlItems, type XmlElement, type XmlItemsOptions } from './xml-reader';
export { TruncatedFeedError } from '../errors';

/** A path naming one child element (`title`), the common case: read with a loop, no path parsing per item. */
const CHILD_NAME = /^[A-Za-z_][\w.-]*$/;

/** Every element at `path` (`a/b/c`, relative to `from`; local names). */
export function xmlAll(from: XmlElement, path: string): XmlElement[] {
  let level = [from];
  for (const step of path.split('/').filter((s) => s !== '' && s !== '.')) {
    level = level.flatMap((el) => el.children.filter((child) => child.name === step));
  }
  return level;
}

/** Text content (own and descendants', in document order) of an element. */
export function xmlTextContent(el: XmlElement): string {
  const { parts } = el;
  if (parts === undefined) return el.text;
  let out = '';
  for (let i = 0; i < el.children.length; i++) out += (parts[i] ?? '') + xmlTextContent(el.children[i]!);
  return out + (parts[el.children.length] ?? '');
}

/**
 * Trimmed text at `path`, or an attribute with `@name` / `a/b/@name`; null when absent or blank.
 * Text before and after child elements is concatenated (children's text included).
 */
export function xmlValue(from: XmlElement, path: string): string | null {
  if (CHILD_NAME.test(path)) return childValue(from, path);
  const at = path.lastIndexOf('@');
  const elementPath = at === -1 ? path : path.slice(0, at).replace(/\/$/, '');
  const target = xmlAll(from, elementPath)[0];
  if (target === undefined) return null;
  const value = at === -1 ? xmlTextContent(target) : target.attributes[path.slice(at + 1)];
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

/** RawJob fields a path can fill; `location.*` and `salary.*` fill the nested objects. */
export type XmlFieldTarget =
  | 'externalId'
  | 'title'
  | 'description'
  | 'contractType'
  | 'workingTime'
  | 'contractLabel'
  /** The former name of `contractType`, still read from stored field maps. */
  | 'employmentType'
  | 'department'
  | 'applyUrl'
  | 'postedAt'
  | 'updatedAt'
  | `location.${'city' | 'region' | 'postalCode' | 'country'}`
  | `salary.${'min' | 'max' | 'currency' | 'period'}`;

/** RawJob field → XML path relative to the item (`title`, `location/city`, `@id`, `url/@href`). */
export type XmlFieldMap = Partial<Record<XmlFieldTarget, string>>;

/** One field's value read from an item. */
type FieldReader = (item: XmlElement) => string | null;

/** xmlValue of a path naming one child: its first child of that name, read with a loop. */
function childValue(from: XmlElement, name: string): string | null {
  for (const child of from.children) {
    if (child.name !== name) continue;
    const text = (child.children.length === 0 ? child.text : xmlTextContent(child)).trim();
    return text === '' ? null : text;
  }
  return null;
}

function compilePath(path: string): FieldReader {
  return CHILD_NAME.test(path) ? (item) => childValue(item, path) : (item) => xmlValue(item, path);
}

/** A field map turned into readers once, not once per item: feeds run it for every item. */
const compiledMaps = new WeakMap<XmlFieldMap, (item: XmlElement) => RawJob>();

function compileFieldMap(fields: XmlFieldMap): (item: XmlElement) => RawJob {
  const top: [string, FieldReader][] = [];
  const location: [string, FieldReader][] = [];
  const salary: [string, FieldReader][] = [];
  for (const [target, path] of Object.entries(fields) as [XmlFieldTarget, string][]) {
    const [group, key] = target.split('.') as [string, string | undefined];
    if (key === undefined) top.push([group, compilePath(path)]);
    else (group === 'location' ? location : salary).push([key, compilePath(path)]);
  }
  return (item) => {
    const raw: Record<string, unknown> = {};
    for (const [key, read] of top) raw[key] = read(item);
    if (location.length > 0) {
      const out: Record<string, unknown> = {};
      for (const [key, read] of location) out[key] = read(item);
      raw.location = out;
    }
    if (salary.length > 0) {
      const out: Record<string, unknown> = {};
      for (const [key, read] of salary) out[key] = read(item);
      raw.salary = out;
    }
    return raw as RawJob;
  };
}

/**
 * Builds a RawJob from a field map. Every mapped field is present (null when the element is missing), so the
 * shape of the output does not depend on which optional elements a given item happens to carry.
 */
export function mapXmlFields(item: XmlElement, fields: XmlFieldMap): RawJob {
  let map = compiledMaps.get(fields);
  if (map === undefined) {
    map = compileFieldMap(fields);
    compiledMaps.set(fields, map);
  }
  return map(item);
}

export interface XmlFeedOptions {
  url: string;
  /** Item element name, e.g. `job`. */
  item: string;
  fields?: XmlFieldMap;
  /** Completes or replaces the field-mapped record (quirks, repeated elements); return null to skip an item. */
  map?: (item: XmlElement, mapped: RawJob) => RawJob | null;
  headers?: Record<string, string>;
  maxItemChars?: number;
}

/** Streams an XML feed through `ctx.fetchStream` and yields one ExtractedJob per item as it closes. */
export async function* extractXmlFeed(ctx: ExtractContext, options: XmlFeedOptions): AsyncGenerator<ExtractedJob> {
  const response = await ctx.fetchStream(options.url, {
    accept: 'application/xml, text/xml;q=0.9, */*;q=0.1',
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const sourceUrl = response.finalUrl;
  let bytes = 0;
  let jobs = 0;
  // Measured as chunks pass (UTF-8 size of the decoded text: equal to the transfer for UTF-8 feeds), so
  // progress and the page report need no second read.
  async function* counted(): AsyncGenerator<string> {
    for await (const chunk of response.chunks) {
      bytes += Buffer.byteLength(chunk, 'utf8');
      yield chunk;
    }
  }
  const entities = new Map<string, number>();
  const items = parseXmlItems(counted(), {
    item: options.item,
    source: sourceUrl,
    ...(options.maxItemChars === undefined ? {} : { maxItemChars: options.maxItemChars }),
    onHtmlEntity: (name) => entities.set(name, (entities.get(name) ?? 0) + 1),
  });
  for await (const item of items) {
    const mapped = options.fields ? mapXmlFields(item, options.fields) : {};
    const raw = options.map ? options.map(item, mapped) : mapped;
    if (raw === null) continue;
    jobs += 1;
    if (jobs % 500 === 0) ctx.observe.progress({ pages: 1, bytes, jobs });
    yield { raw, sourceUrl };
  }
  ctx.observe.page({ url: sourceUrl, status: response.status, bytes });
  reportHtmlEntities(ctx, sourceUrl, entities);
  ctx.observe.progress({ pages: 1, bytes, jobs });
}

/** The HTML entities an XML feed held, decoded: reported in the run (a repair, not a failure). */
export function reportHtmlEntities(ctx: ExtractContext, url: string, entities: ReadonlyMap<string, number>): void {
  if (entities.size === 0) return;
  let count = 0;
  for (const n of entities.values()) count += n;
  const names = [...entities.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, n]) => `&${name}; ×${n}`);
  ctx.observe.fidelity?.({ kind: 'html_entities', url, count, repaired: true, message: `${count} HTML named entities decoded outside CDATA (${names.join(', ')})` });
}
