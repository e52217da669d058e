import { z } from 'zod';
import type { ExtractContext, ExtractedJob } from '../sdk/definition';
import { InvalidDocumentError, LayoutChangedError } from '../sdk/errors';
import { excerpt, fetchJsonPages, type Pagination } from '../sdk/kinds/json';
import { parseXmlItemBatches, reportHtmlEntities } from '../sdk/kinds/xml';
import type { LenientCounts } from '../sdk/kinds/xml-lenient';
import { createXmlSurvey, explainNoItems } from '../sdk/kinds/xml-survey';
import type { FeedConfig, FeedFieldMap, FeedPagination } from './config';
import { compileFields, type CompiledFields, type Format } from './fields';
import { evalJsonPath, parseJsonPath } from './path';
import { PRESETS } from './presets';

/**
 * Reads a feed by configuration: an XML document streamed item by item, or a JSON answer (paged or not). What a
 * lenient read forgave, dates it could not read and a total the API reported but did not deliver are reported to
 * the observer as `@feed:*` entries next to the per-field coverage (`matched` = items where the field had a value),
 * so the run report and the dry run show them. XML is read by the xml kind's bounded streaming reader
 * (sdk/kinds/xml.ts): the same limits and errors as every other XML importer.
 */

/** How the XML is read: `feed` forgives and explains; `multiposting-xml` keeps the strict reading it always had. */
export interface FeedReadOptions {
  /** Bare `&`, HTML entities, entities in CDATA and C1 debris forgiven and counted (sdk/kinds/xml-lenient). */
  lenient: boolean;
  /**
   * A configuration that reads the wrong place fails, saying so: items that match nothing in a feed that repeats
   * another element (naming what it holds), a required field empty on every item. Off: such runs give no records
   * or invalid ones, and the run's checks quarantine them.
   */
  checkConfig: boolean;
}

const FEED_READING: FeedReadOptions = { lenient: true, checkConfig: true };

/** Items, fields and format once the preset is applied. */
export interface ResolvedFeed {
  items: string;
  fields: FeedFieldMap;
  /** Fields the configuration itself declares (a preset's may legitimately be absent from a given feed). */
  declared: ReadonlySet<string>;
  format: Format | undefined;
}

export function resolveFeed(config: FeedConfig): ResolvedFeed {
  const preset = config.preset === undefined ? undefined : PRESETS[config.preset];
  return {
    items: config.items ?? preset!.items,
    fields: { ...preset?.fields, ...config.fields },
    declared: new Set(Object.keys(config.fields)),
    format: config.format ?? preset?.format ?? (config.pagination ? 'json' : undefined),
  };
}

/** Content type first, then the first non-blank character; XML when nothing says otherwise. */
export function detectFormat(contentType: string | null, head: string): Format {
  const type = contentType?.toLowerCase() ?? '';
  if (type.includes('json')) return 'json';
  if (type.includes('xml')) return 'xml';
  const first = head.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'xml';
}

export async function* extractFeed(ctx: ExtractContext, config: FeedConfig, reading: FeedReadOptions = FEED_READING): AsyncGenerator<ExtractedJob> {
  const feed = resolveFeed(config);
  if (feed.format === 'json') {
    yield* extractJson(ctx, config, feed);
    return;
  }
  const response = await ctx.fetchStream(config.feedUrl, {
    accept: 'application/xml, application/rss+xml, application/atom+xml, application/json;q=0.9, text/xml;q=0.9, */*;q=0.1',
    ...(config.headers ? { headers: config.headers } : {}),
  });
  const iterator = response.chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done === true ? '' : first.value;
  const format = feed.format ?? detectFormat(response.contentType, head);
  async function* rest(): AsyncGenerator<string> {
    if (first.done !== true) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  // The response is read by hand (its first chunk decides the format): closed here whatever ends the read (an
  // error, a limit, a consumer that stops), as a for-await over it would, so the source stops sending.
  try {
    if (format === 'json') {
      // Detected JSON without pagination: one document, read whole (a paged API is declared with `pagination`).
      let text = '';
      for await (const chunk of rest()) text += chunk;
      yield* jsonItems(ctx, config, feed, response.finalUrl, response.status, text);
      return;
    }
    const fields = compile(feed.fields, 'xml');
    const counts: LenientCounts | undefined = reading.lenient ? { bareAmpersands: 0, htmlEntities: 0, c1Repaired: 0 } : undefined;
    const survey = reading.checkConfig ? createXmlSurvey() : undefined;
    const sourceUrl = response.finalUrl;
    let bytes = 0;
    let jobs = 0;
    async function* counted(): AsyncGenerator<string> {
      for await (const chunk of rest()) {
        bytes += Buffer.byteLength(chunk, 'utf8');
        yield chunk;
      }
    }
    // A strict read (multiposting-xml) still decodes HTML named entities outside CDATA, counted by name and
    // reported as fidelity; a lenient read decodes them itself and counts them in `counts`.
    const entities = new Map<string, number>();
    const onHtmlEntity = (name: string): void => void entities.set(name, (entities.get(name) ?? 0) + 1);
    const xmlOptions = { item: feed.items, source: sourceUrl, onHtmlEntity, ...(survey === undefined ? {} : { survey }), ...(counts === undefined ? {} : { lenient: counts }) };
    for await (const batch of parseXmlItemBatches(counted(), xmlOptions)) {
      for (const item of batch) {
        jobs += 1;
        if (jobs % 500 === 0) ctx.observe.progress({ pages: 1, bytes, jobs });
        yield { raw: fields.read(item, sourceUrl), sourceUrl };
      }
    }
    const nothing = survey === undefined ? null : explainNoItems(feed.items, sourceUrl, survey);
    if (nothing !== null) throw nothing;
    if (reading.checkConfig) assertRequired(sourceUrl, feed, fields, jobs);
    ctx.observe.page({ url: sourceUrl, status: response.status, bytes });
    ctx.observe.progress({ pages: 1, bytes, jobs });
    report(ctx, sourceUrl, feed, fields, jobs, counts);
    reportHtmlEntities(ctx, sourceUrl, entities);
  } finally {
    await iterator.return?.(undefined);
  }
}

function compile(fields: FeedFieldMap, format: Format): CompiledFields {
  try {
    return compileFields(fields, format);
  } catch (err) {
    // A path valid in the other format only: the configuration did not say which and the feed chose.
    throw new LayoutChangedError(`The feed is ${format} but ${err instanceof Error ? err.message : String(err)}`);
  }
}

function jsonPaths(path: string): (body: unknown) => unknown[] {
  const steps = parseJsonPath(path);
  return (body) => evalJsonPath(body, steps);
}

function selectItems(items: string, url: string): (body: unknown) => readonly unknown[] {
  const read = jsonPaths(items);
  return (body) => {
    const [found] = read(body);
    if (Array.isArray(found)) return found;
    const keys = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body).slice(0, 8) : [];
    const arrays = keys.filter((k) => Array.isArray((body as Record<string, unknown>)[k]));
    const hint = arrays.length > 0 ? `; arrays at the top: ${arrays.map((k) => `\`${k}\``).join(', ')}` : keys.length > 0 ? `; top-level keys: ${keys.join(', ')}` : '';
    throw new LayoutChangedError(`items: no array at \`${items}\` in ${url}${hint}`, { url, selector: items });
  };
}

async function* jsonItems(ctx: ExtractContext, config: FeedConfig, feed: ResolvedFeed, url: string, status: number, text: string): AsyncGenerator<ExtractedJob> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new InvalidDocumentError(`${url} did not return JSON: ${excerpt(text)}`, { url, cause: err });
  }
  const fields = compile(feed.fields, 'json');
  const items = selectItems(feed.items, url)(body);
  ctx.observe.page({ url, status, bytes: Buffer.byteLength(text, 'utf8') });
  for (const item of items) yield { raw: fields.read(item, url), sourceUrl: url };
  assertRequired(url, feed, fields, items.length);
  ctx.observe.progress({ pages: 1, bytes: Buffer.byteLength(text, 'utf8'), jobs: items.length });
  report(ctx, url, feed, fields, items.length, undefined, config.total === undefined ? undefined : reportedTotal(config.total, body));
}

function reportedTotal(path: string, body: unknown): number | undefined {
  const [value] = jsonPaths(path)(body);
  const n = Number(value);
  return value === undefined || !Number.isFinite(n) ? undefined : n;
}

function toPagination(p: FeedPagination, total: string | undefined): Pagination<unknown> {
  const first = (path: string) => {
    const read = jsonPaths(path);
    return (body: unknown) => {
      const [value] = read(body);
      return value === undefined || value === null || typeof value === 'object' ? null : String(value);
    };
  };
  switch (p.type) {
    case 'next':
      return { type: 'next', link: first(p.path) };
    case 'cursor':
      return { type: 'cursor', param: p.param, cursor: first(p.path) };
    case 'offset':
      return { type: 'offset', offset: p.offset, limit: p.limit, size: p.size, ...(total ? { total: (b: unknown) => reportedTotal(total, b) } : {}) };
    case 'page': {
      const pages = p.pages;
      return { type: 'page', param: p.param, first: p.first, ...(p.size ? { size: p.size } : {}), ...(pages ? { pages: (b: unknown) => reportedTotal(pages, b) } : {}) };
    }
  }
}

async function* extractJson(ctx: ExtractContext, config: FeedConfig, feed: ResolvedFeed): AsyncGenerator<ExtractedJob> {
  const fields = compile(feed.fields, 'json');
  let select: ((body: unknown) => readonly unknown[]) | null = null;
  let count = 0;
  let total: number | undefined;
  let lastUrl = '';
  let firstUrl = '';
  const pages = fetchJsonPages(ctx, {
    url: config.feedUrl,
    schema: z.unknown(),
    select: (body) => {
      select ??= selectItems(feed.items, config.feedUrl);
      if (config.total !== undefined) total ??= reportedTotal(config.total, body);
      return select(body);
    },
    ...(config.pagination ? { paginate: toPagination(config.pagination, config.total) } : {}),
    maxPages: config.maxPages,
    ...(config.headers ? { headers: config.headers } : {}),
  });
  for await (const { item, url } of pages) {
    // Checked when the first page is done: a wrong id path fails before the next pages are fetched.
    if (url !== lastUrl && count > 0 && lastUrl === firstUrl) assertRequired(lastUrl, feed, fields, count);
    count += 1;
    if (count === 1) firstUrl = url;
    lastUrl = url;
    yield { raw: fields.read(item, url), sourceUrl: url };
  }
  assertRequired(lastUrl, feed, fields, count);
  report(ctx, lastUrl || config.feedUrl, feed, fields, count, undefined, total);
}

/** A required field that no item filled is a configuration that reads the wrong place, not an empty feed. */
function assertRequired(url: string, feed: ResolvedFeed, fields: CompiledFields, items: number): void {
  if (items === 0) return;
  for (const name of ['externalId', 'title'] as const) {
    if ((fields.stats.filled.get(name) ?? 0) > 0) continue;
    const spec = feed.fields[name];
    const path = typeof spec === 'string' ? spec : (spec?.path ?? spec?.join?.join(' + ') ?? '');
    throw new LayoutChangedError(`fields.${name}: \`${path}\` is empty on every item (${items}/${items}) of ${url}`, { url, selector: path });
  }
}

/** Coverage per field and what was forgiven, as observer entries (see the module comment). */
function report(ctx: ExtractContext, url: string, feed: ResolvedFeed, fields: CompiledFields, items: number, counts?: LenientCounts, total?: number): void {
  if (items > 0) {
    for (const [name, spec] of Object.entries(feed.fields)) {
      const selector = typeof spec === 'string' ? spec : (spec.path ?? spec.join?.join(' + ') ?? `=${String(spec.value)}`);
      const matched = typeof spec !== 'string' && spec.path === undefined && spec.join === undefined ? items : (fields.stats.filled.get(name as never) ?? 0);
      // Only what the configuration declares is watched: a preset's optional elements (Indeed's <salary>, <state>)
      // are often absent from a given feed, and a path that matches nothing fails the selectors check.
      if (feed.declared.has(name)) ctx.observe.selector({ field: name, selector, url, matched });
    }
  }
  const warn = (field: string, selector: string, n: number): void => {
    if (n > 0) ctx.observe.selector({ field: `@feed:${field}`, selector, url, matched: n });
  };
  warn('bare-ampersand', 'bare & read as a literal &', counts?.bareAmpersands ?? 0);
  warn('html-entity', 'HTML entities decoded', counts?.htmlEntities ?? 0);
  warn('c1-repaired', 'C1 control characters read as windows-1252', counts?.c1Repaired ?? 0);
  warn('unreadable-date', 'dates that could not be read (left empty)', fields.stats.unreadableDates);
  if (total !== undefined && total !== items) warn('total-mismatch', `the API reports ${total} items, ${items} were read`, Math.abs(total - items));
}
