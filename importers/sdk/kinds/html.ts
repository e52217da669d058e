import { z } from 'zod';
import { defineImporter, type ExtractContext, type ExtractedJob, type ImporterDefinition } from '../definition';
import { HttpStatusError, LayoutChangedError } from '../errors';
import {
  evaluateField,
  evaluateFields,
  fieldMapSchema,
  fieldSpecSchema,
  toRawJob,
  type FieldValues,
  type EvalTarget,
} from './fields';
import { httpUrlOrNull, loadPage, mapOrdered, Progress, walkListing } from './pages';

/**
 * The `html` kind: a declarative scraper for career sites. A listing (one or more start URLs, paginated by a
 * "next" link) holds items; each item gives list fields and optionally a detail page whose fields complete or
 * override them. Everything is selectors, so a client importer is configuration.
 */

const httpUrl = z.url({ protocol: /^https?$/ });

/** What is fixed for a site: selectors and limits. */
export const htmlScraperSchema = z
  .strictObject({
    /** Selector of one job in a list page. */
    item: z.string().min(1),
    /** Fields read inside each item. */
    fields: fieldMapSchema.default({}),
    /** The "next page" link (its href unless an attribute is given). */
    nextPage: fieldSpecSchema.optional(),
    maxPages: z.number().int().min(1).max(1000).default(50),
    /** Marks a legitimately empty listing ("Aucune offre pour le moment"): no items is then not a layout change. */
    emptySelector: z.string().min(1).optional(),
    detail: z
      .strictObject({
        /** The item's link to its detail page; `a@href` by default. */
        url: fieldSpecSchema.default('a@href'),
        /** Fields read on the detail page; a non-null value overrides the list field. */
        fields: fieldMapSchema,
      })
      .optional(),
    /** Detail pages fetched at once; the fetch policy's per-host limit still applies on top. */
    detailConcurrency: z.number().int().min(1).max(16).default(4),
  })
  .refine((c) => (c.fields.externalId ?? c.detail?.fields.externalId) !== undefined, {
    message: 'externalId needs a field (list or detail)',
    path: ['fields', 'externalId'],
  })
  .refine((c) => (c.fields.title ?? c.detail?.fields.title) !== undefined, {
    message: 'title needs a field (list or detail)',
    path: ['fields', 'title'],
  });
export type HtmlScraper = z.output<typeof htmlScraperSchema>;
export type HtmlScraperInput = z.input<typeof htmlScraperSchema>;

/** Per-import settings: where the listing starts (differs between staging and production). */
export const htmlSiteSchema = z.strictObject({ listUrls: z.array(httpUrl).min(1) });
export type HtmlSite = z.output<typeof htmlSiteSchema>;

/** A whole scraper stored as configuration (no transforms: they cannot be stored). */
export const htmlConfigSchema = z.intersection(htmlSiteSchema, htmlScraperSchema);
export type HtmlConfig = HtmlSite & HtmlScraper;

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

/** Yields every job of the listing(s); throws LayoutChangedError when the first page has no item. */
export async function* extractHtml(ctx: ExtractContext, config: HtmlConfig): AsyncGenerator<ExtractedJob> {
  const progress = new Progress(ctx);
  const seen = new Set<string>();
  let gone = 0;
  for (const listUrl of config.listUrls) {
    for await (const page of walkListing(ctx, listUrl, config, progress)) {
      const url = page.doc.finalUrl;
      const items = page.$(config.item).toArray();
      ctx.observe.selector({ field: '@item', selector: config.item, url, matched: items.length });
      if (items.length === 0) {
        if (page.index > 0) break; // paginated past the end
        const empty = config.emptySelector ? page.$(config.emptySelector).length : 0;
        if (config.emptySelector) ctx.observe.selector({ field: '@empty', selector: config.emptySelector, url, matched: empty });
        if (empty > 0) break;
        throw new LayoutChangedError(`Item selector "${config.item}" matched nothing on ${url}`, { url, selector: config.item });
      }
      const listed: Listed[] = [];
      for (const node of items) {
        const target: EvalTarget = { $: page.$, scope: page.$(node), url, observe: ctx.observe };
        const values = evaluateFields(config.fields, target);
        // Listings that shift while being paged show a job twice: keep the first.
        const id = values.externalId;
        if (id !== null && id !== undefined && typeof id !== 'boolean') {
          if (seen.has(String(id))) continue;
          seen.add(String(id));
        }
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
          if (seen.has(String(id))) continue;
          seen.add(String(id));
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
