import { defineImporter, type ExtractContext, type ExtractedJob, type ImporterDefinition } from '../definition';
import { HttpStatusError, LayoutChangedError } from '../errors';
import {
  evaluateField,
  evaluateFields,
  toRawJob,
  type FieldValues,
  type EvalTarget,
} from './fields';
import { describeEmbedded, type EmbeddedJson, readEmbeddedJobs } from './embedded';
import { htmlScraperSchema, htmlSiteSchema, type HtmlConfig, type HtmlScraper, type HtmlScraperInput, type HtmlSite } from './html-config';
import { httpUrlOrNull, type LoadedPage, loadPage, mapOrdered, Progress, walkListing } from './pages';

/**
 * The `html` kind: a declarative scraper for career sites. A listing (one or more start URLs, paginated by a
 * "next" link) holds items; each item gives list fields and optionally a detail page whose fields complete or
 * override them. Everything is selectors, so a client importer is configuration. The schemas: html-config.ts.
 */

export { htmlConfigSchema, htmlScraperSchema, htmlSiteSchema, type HtmlConfig, type HtmlScraper, type HtmlScraperInput, type HtmlSite } from './html-config';

interface Listed {
  values: FieldValues;
  detailUrl: string | null;
  pageUrl: string;
}

type DetailResult = ExtractedJob | 'gone';

async function completeWithDetail(ctx: ExtractContext, config: HtmlConfig, listed: Listed, progress: Progress): Promise<DetailResult> {
  const detailUrl = listed.detailUrl === null ? null : httpUrlOrNull(listed.detailUrl, listed.pageUrl);
  if (!config.detail || detailUrl === null) {
    return { raw: toRawJob(listed.values, listed.pageUrl), sourceUrl: listed.pageUrl };
  }
  let page;
  try {
    page = await loadPage(ctx, detailUrl, progress);
  } catch (err) {
    // The job closed between the listing and its detail page: it is not open any more.
    if (err instanceof HttpStatusError && (err.status === 404 || err.status === 410)) return 'gone';
    throw err;
  }
  const url = page.doc.finalUrl;
  const target: EvalTarget = { $: page.$, scope: page.$.root(), url, observe: ctx.observe };
  const detail = evaluateFields(config.detail.fields, target);
  const merged: FieldValues = { ...listed.values };
  for (const [name, value] of Object.entries(detail) as [keyof FieldValues, FieldValues[keyof FieldValues]][]) {
    if (value !== null && value !== undefined) merged[name] = value;
  }
  return { raw: toRawJob(merged, url), sourceUrl: url };
}

/** The site's own count of its jobs, read on the first page of a listing, reported for the expected_count check. */
function observeExpectedCount(ctx: ExtractContext, config: HtmlConfig, page: LoadedPage): void {
  if (!config.expectedCount) return;
  const { selector, pattern } = config.expectedCount;
  const text = page.$(selector).first().text().replace(/\s+/g, ' ').trim();
  const match = text === '' ? null : new RegExp(pattern, 'u').exec(text);
  const digits = (match?.[1] ?? match?.[0] ?? '').replace(/\D/g, '');
  ctx.observe.expectedCount?.({ url: page.doc.finalUrl, selector, text, count: digits === '' ? null : Number(digits) });
}

/** A listing page without jobs: past the end of a paginated listing, a declared empty listing, or a changed site. */
function noJobs(ctx: ExtractContext, config: HtmlConfig, page: LoadedPage, selector: string): 'stop' {
  if (page.index > 0) return 'stop';
  const url = page.doc.finalUrl;
  const empty = config.emptySelector ? page.$(config.emptySelector).length : 0;
  if (config.emptySelector) ctx.observe.selector({ field: '@empty', selector: config.emptySelector, url, matched: empty });
  if (empty > 0) return 'stop';
  throw new LayoutChangedError(`Item selector "${selector}" matched nothing on ${url}`, { url, selector });
}

/** Jobs of a page that embeds them as JSON: no detail pages, the JSON has what the page shows. */
function embeddedJobs(ctx: ExtractContext, embedded: EmbeddedJson, page: LoadedPage, seen: SeenItems): ExtractedJob[] | 'none' {
  const url = page.doc.finalUrl;
  const rows = readEmbeddedJobs(page.$, embedded, url);
  ctx.observe.selector({ field: '@item', selector: describeEmbedded(embedded), url, matched: rows.length });
  if (rows.length === 0) return 'none';
  const jobs: ExtractedJob[] = [];
  for (const values of rows) {
    if (seen.repeated(values)) continue;
    jobs.push({ raw: toRawJob(values, url), sourceUrl: url });
  }
  return jobs;
}

/**
 * Items already listed, by id and values. Listings that shift while being paged show a job twice: an item repeating
 * one seen (same id, same values) is skipped. The same id with other values (the job listed once per city, or a
 * conflict) is kept: the run's duplicates policy merges the places or reports the conflict, nothing is dropped here.
 */
class SeenItems {
  private readonly byId = new Map<string, Set<string>>();

  /** True when this item repeats one already listed; records it otherwise. Items without an id are never repeats. */
  repeated(values: FieldValues): boolean {
    const id = values.externalId;
    if (id === null || id === undefined || typeof id === 'boolean') return false;
    const key = JSON.stringify(values);
    const variants = this.byId.get(String(id));
    if (variants?.has(key)) return true;
    if (variants) variants.add(key);
    else this.byId.set(String(id), new Set([key]));
    return false;
  }

  /** Whether an id was listed at all (items whose id is read on the detail page). */
  hasId(id: string): boolean {
    return this.byId.has(id);
  }

  addId(id: string): void {
    if (!this.byId.has(id)) this.byId.set(id, new Set());
  }
}

/** Yields every job of the listing(s); throws LayoutChangedError when the first page has no item. */
export async function* extractHtml(ctx: ExtractContext, config: HtmlConfig): AsyncGenerator<ExtractedJob> {
  const progress = new Progress(ctx);
  const seen = new SeenItems();
  let gone = 0;
  for (const listUrl of config.listUrls) {
    for await (const page of walkListing(ctx, listUrl, config, progress)) {
      const url = page.doc.finalUrl;
      if (page.index === 0) observeExpectedCount(ctx, config, page);
      if (config.embedded) {
        const jobs = embeddedJobs(ctx, config.embedded, page, seen);
        if (jobs === 'none' && noJobs(ctx, config, page, describeEmbedded(config.embedded)) === 'stop') break;
        for (const job of jobs === 'none' ? [] : jobs) {
          progress.job();
          yield job;
        }
        continue;
      }
      const item = config.item!;
      const items = page.$(item).toArray();
      ctx.observe.selector({ field: '@item', selector: item, url, matched: items.length });
      if (items.length === 0 && noJobs(ctx, config, page, item) === 'stop') break;
      const listed: Listed[] = [];
      for (const node of items) {
        const target: EvalTarget = { $: page.$, scope: page.$(node), url, observe: ctx.observe };
        const values = evaluateFields(config.fields, target);
        if (seen.repeated(values)) continue;
        const detailUrl = config.detail ? evaluateField('@detailUrl', config.detail.url, target, 'href') : null;
        listed.push({ values, detailUrl: typeof detailUrl === 'string' && detailUrl !== '' ? detailUrl : null, pageUrl: url });
      }
      for await (const job of mapOrdered(listed, config.detailConcurrency, (l) => completeWithDetail(ctx, config, l, progress))) {
        if (job === 'gone') {
          gone++;
          continue;
        }
        const id = job.raw.externalId;
        if (!config.fields.externalId && id !== null && id !== undefined) {
          if (seen.hasId(String(id))) continue;
          seen.addId(String(id));
        }
        progress.job();
        yield job;
      }
    }
  }
  if (gone > 0 && progress.jobs === 0) {
    throw new LayoutChangedError(`Every detail page (${gone}) answered 404/410: the detail links no longer work`, {
      url: config.listUrls[0],
    });
  }
}

export interface HtmlImporterOptions {
  key: string;
  description: string;
  /** Cron (UTC); daily at 05:00 by default. */
  defaultSchedule?: string;
  scraper: HtmlScraperInput;
}

/** A client importer of kind html: selectors in code, list URLs per import. Validates the scraper at load time. */
export function htmlImporter(options: HtmlImporterOptions): ImporterDefinition<HtmlSite> & { scraper: HtmlScraper } {
  const parsed = htmlScraperSchema.safeParse(options.scraper);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(scraper)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid html scraper for importer "${options.key}": ${problems}`);
  }
  const scraper = parsed.data;
  return {
    ...defineImporter<HtmlSite>({
      key: options.key,
      kind: 'html',
      description: options.description,
      configSchema: htmlSiteSchema,
      defaultSchedule: options.defaultSchedule ?? '0 5 * * *',
      extract: (ctx, site) => extractHtml(ctx, { ...scraper, ...site }),
    }),
    scraper,
  };
}
