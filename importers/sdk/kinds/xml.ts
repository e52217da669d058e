import { SaxesParser } from 'saxes';
import type { ExtractContext, ExtractedJob, RawJob } from '../definition';
import { ImporterError, type ImporterErrorOptions, InvalidDocumentError, ItemTooLargeError } from '../errors';
import { decodeCdataEntities, htmlEntity, type LenientCounts, lenientXml } from './xml-lenient';
import { type ItemMatcher, itemMatcher, surveyChild, type XmlSurvey } from './xml-survey';
import { Failure } from '../../../contracts/failure-types';

/**
 * Streaming XML feeds (Indeed/multiposting-style `<source><job>`, Personio `<workzag-jobs><position>`...).
 * The document is never held whole: saxes consumes decoded chunks as they arrive and only the element
 * currently being read as an item is kept (a small tree), then handed out as soon as it closes.
 *
 * Safety: no DTD is processed. A DOCTYPE that declares entities (billion laughs, external entities) is refused
 * outright. Besides the five XML entities, the HTML named ones real multiposting feeds carry outside CDATA
 * (`&nbsp;`, `&eacute;`, `&euro;`: the HTML5 table, each one or two characters, never expanded further) are decoded
 * and counted (`onHtmlEntity`); any other reference is an error.
 *
 * Bounded while it streams, not after: saxes buffers a whole text node, CDATA section, comment, attribute value or
 * name before it reports it, so chunks are written to it in slices and its buffers are measured after each one. A
 * 300 MB title, comment or run of text between items fails with `ItemTooLargeError` once it passes the limit, with
 * at most one slice more in memory; so does nesting deeper than `maxDepth` (saxes keeps every open element).
 */

/** One item element and its descendants, with text and CDATA merged in document order. */
export interface XmlElement {
  /** Local name (`id` for `<g:id>`). */
  name: string;
  /** Qualified name, only when it has a prefix (`g:id`). */
  qname?: string;
  attributes: Record<string, string>;
  /** Text and CDATA directly inside this element (not its children's). */
  text: string;
  children: XmlElement[];
  /** Own text split around the children, once there are some: parts[i] comes before children[i]. */
  parts?: string[];
}

export interface XmlItemsOptions {
  /**
   * One item: a local element name (`job`, `position`) matched at any depth, not inside another item; a prefixed
   * name (`g:item`) matched as written; or a path from the root (`rss/channel/item`), matched exactly.
   */
  item: string;
  /** Where the document came from (URL): named in every error. */
  source: string;
  /**
   * Cap on one item's size, on any single node the parser buffers (text, CDATA, comment, attribute, name, the
   * text between items) and on the prolog before the root, in characters (default 5 000 000).
   */
  maxItemChars?: number;
  /** Cap on element nesting (default 256): feeds are a few levels deep. */
  maxDepth?: number;
  /**
   * Read hand-built feeds as a lenient parser would (./xml-lenient: bare `&`, HTML entities, entities inside
   * CDATA, windows-1252 C1 debris), counting into this object what was forgiven. Absent: strict XML.
   */
  lenient?: LenientCounts;
  /** Filled while reading: items handed out and the elements seen outside items (./xml-survey). */
  survey?: XmlSurvey;
  /** Decode HTML named entities (`&eacute;`) as their characters (default true); false: they fail the document. */
  htmlEntities?: boolean;
  /** Called for each HTML named entity decoded (not for the five XML ones), with its name: what a run reports. */
  onHtmlEntity?: (name: string) => void;
}

const DEFAULT_MAX_ITEM_CHARS = 5_000_000;
const DEFAULT_MAX_DEPTH = 256;
/** Characters written to saxes at once: its buffers are measured between two writes. */
const SLICE_CHARS = 64 * 1024;

/**
 * What saxes holds between two writes (private fields, read only here): the node being read (`text` serves text,
 * CDATA, comments, doctype and attribute values), a name, a processing instruction, an entity, the attributes of
 * the tag being opened and the open elements.
 */
interface SaxesBuffers {
  text: string;
  name: string;
  piTarget: string;
  entity: string;
  attribList: { name: string; value: string }[];
  tags: unknown[];
}

/** Characters saxes holds right now: a few fields, plus the attributes of a tag still open (usually none). */
function bufferedChars(parser: SaxesParser): number {
  const b = parser as unknown as SaxesBuffers;
  let chars = b.text.length + b.name.length + b.piTarget.length + b.entity.length;
  for (const attr of b.attribList) chars += attr.name.length + attr.value.length;
  return chars;
}

/**
 * saxes' entity table (`parser.ENTITIES`: looked up by name for each reference) extended with the HTML named
 * entities, each decoded one counted. Only the lookup changes: declarations stay refused and nothing expands further.
 */
function withHtmlEntities(xmlEntities: Record<string, string>, onHtmlEntity: ((name: string) => void) | undefined): Record<string, string> {
  return new Proxy(xmlEntities, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      const xml = target[name];
      if (xml !== undefined) return xml;
      const text = htmlEntity(name);
      if (text === null) return undefined;
      onHtmlEntity?.(name);
      return text;
    },
  });
}

/** A path naming one child element (`title`), the common case: read with a loop, no path parsing per item. */
const CHILD_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * The feed ended inside an element. Usually a dropped or cut-off transfer, so worth a retry; either way the
 * items read so far are not the whole listing.
 */
export class TruncatedFeedError extends ImporterError {
  readonly type = Failure.TruncatedFeed;
  readonly retryable = true;
  readonly line: number;
  constructor(message: string, options: ImporterErrorOptions & { line: number }) {
    super(message, options);
    this.line = options.line;
  }
}

/**
 * Parses any stream of decoded text chunks and yields each item element as it closes. Throws
 * `TruncatedFeedError` when the stream ends inside an element, `ItemTooLargeError` past a size or depth limit, and
 * `InvalidDocumentError` on malformed XML or entity declarations: a feed that did not end cleanly is never a
 * complete listing.
 */
export async function* parseXmlItems(chunks: AsyncIterable<string>, options: XmlItemsOptions): AsyncGenerator<XmlElement> {
  const { item, source, lenient, survey } = options;
  const maxChars = options.maxItemChars ?? DEFAULT_MAX_ITEM_CHARS;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const isItem: ItemMatcher = itemMatcher(item);
  const parser = new SaxesParser({ xmlns: false, fileName: source, position: true });
  // A lenient read has already turned HTML entities into character references (counted in `lenient`): the
  // reader's table is only for a strict read, so nothing is decoded twice.
  if (lenient === undefined && options.htmlEntities !== false) parser.ENTITIES = withHtmlEntities(parser.ENTITIES, options.onHtmlEntity);
  /** Names of every open element, root first: depth is small, and it tells where a truncated feed stopped. */
  const open: string[] = [];
  /** Open elements of the current item, the item first; empty outside an item. */
  const stack: XmlElement[] = [];
  const ready: XmlElement[] = [];
  let itemChars = 0;
  let sawRoot = false;
  let prologChars = 0;

  const where = (): string => `${source} line ${parser.line}, column ${parser.column + 1}`;
  const count = (n: number): void => {
    itemChars += n;
    if (itemChars > maxChars) {
      throw new ItemTooLargeError(`XML item <${item}> larger than ${maxChars} characters at ${where()}`, { url: source, limit: maxChars });
    }
  };
  /** After each slice: nothing saxes buffers may pass the limit, whatever it is part of. */
  const bound = (): void => {
    const buffered = bufferedChars(parser);
    // Inside an item, what saxes holds is part of the item; outside, it is one node no listing needs.
    if (stack.length > 0 && itemChars + buffered > maxChars) {
      throw new ItemTooLargeError(`XML item <${item}> larger than ${maxChars} characters at ${where()}`, { url: source, limit: maxChars });
    }
    if (buffered > maxChars) {
      throw new ItemTooLargeError(`XML node (text, CDATA, comment, attribute or name) larger than ${maxChars} characters at ${where()}`, {
        url: source,
        limit: maxChars,
      });
    }
    if ((parser as unknown as SaxesBuffers).tags.length > maxDepth) {
      throw new ItemTooLargeError(`XML elements nested deeper than ${maxDepth} levels at ${where()}`, { url: source, limit: maxDepth });
    }
  };
  const addText = (text: string): void => {
    const current = stack.at(-1);
    if (current === undefined) return;
    count(text.length);
    current.text += text;
    if (current.parts !== undefined) current.parts[current.parts.length - 1] += text;
  };

  parser.on('doctype', (doctype) => {
    // An internal subset declaring entities is how entity-expansion attacks start; feeds never need one.
    if (/<!ENTITY/i.test(doctype)) {
      throw new InvalidDocumentError(`XML feed ${source} declares entities in its DOCTYPE (refused: no DTD processing)`, {
        url: source,
      });
    }
  });
  parser.on('opentag', (tag) => {
    sawRoot = true;
    const colon = tag.name.indexOf(':');
    const local = colon === -1 ? tag.name : tag.name.slice(colon + 1);
    if (stack.length === 0) {
      if (survey !== undefined) surveyChild(survey, open, tag.name);
      open.push(tag.name);
      if (!isItem(open, tag.name, local)) return;
    } else open.push(tag.name);
    // A loop rather than a spread and entries(): it runs for every element of every item (≈ 15 per job).
    const attributes: Record<string, string> = {};
    let chars = tag.name.length;
    for (const name in tag.attributes) {
      const value = tag.attributes[name]!;
      attributes[name] = value;
      chars += name.length + value.length;
    }
    const element: XmlElement = colon === -1 ? { name: local, attributes, text: '', children: [] } : { name: local, qname: tag.name, attributes, text: '', children: [] };
    count(chars);
    const parent = stack.at(-1);
    if (parent !== undefined) {
      // The text around children, kept in order for text content and inline markup.
      (parent.parts ??= [parent.text]).push('');
      parent.children.push(element);
    }
    stack.push(element);
  });
  parser.on('closetag', () => {
    open.pop();
    const closed = stack.pop();
    if (closed !== undefined && stack.length === 0) {
      ready.push(closed);
      itemChars = 0;
      if (survey !== undefined) survey.items += 1;
    }
  });
  parser.on('text', addText);
  // C1 debris is repaired on the stream by lenientXml; entities inside CDATA only here, where CDATA is known.
  parser.on('cdata', lenient === undefined ? addText : (text) => addText(decodeCdataEntities(text, lenient)));

  /** Hands out the queued items in order (an index, not shift(): shift is linear on a long queue). */
  function* drainReady(): Generator<XmlElement> {
    const batch = ready.splice(0);
    for (const el of batch) yield el;
  }

  const guarded = (step: () => void): void => {
    try {
      step();
    } catch (err) {
      if (err instanceof ImporterError) throw err;
      // saxes prefixes its message with "<source>:<line>:<column>:".
      const message = err instanceof Error ? err.message : String(err);
      throw new InvalidDocumentError(`Malformed XML feed: ${message}`, { url: source, cause: err });
    }
  };

  for await (const chunk of lenient === undefined ? chunks : lenientXml(chunks, lenient)) {
    for (let at = 0; at < chunk.length; at += SLICE_CHARS) {
      const slice = chunk.length <= SLICE_CHARS ? chunk : chunk.slice(at, at + SLICE_CHARS);
      guarded(() => parser.write(slice));
      bound();
      // Items completed by this slice only: the queue never grows beyond one slice's worth.
      if (ready.length > 0) yield* drainReady();
    }
    if (!sawRoot) {
      prologChars += chunk.length;
      if (prologChars > maxChars) {
        throw new ItemTooLargeError(`XML feed ${source} has no root element in its first ${maxChars} characters`, { url: source, limit: maxChars });
      }
    }
  }
  if (open.length > 0) {
    throw new TruncatedFeedError(
      `XML feed ${source} ended early at line ${parser.line}, column ${parser.column + 1}, inside <${open.join('/')}>: ` +
        'the listing is incomplete',
      { url: source, line: parser.line },
    );
  }
  // Final well-formedness checks: an empty body or one ending inside a comment or tag is not a listing either.
  guarded(() => parser.close());
  yield* drainReady();
}

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
