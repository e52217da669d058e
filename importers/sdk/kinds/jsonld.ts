import { defineImporter, type ExtractContext, type ExtractedJob, type ImporterDefinition } from '../definition';
import { HttpStatusError, InvalidDocumentError, LayoutChangedError } from '../errors';
import { jsonldConfigSchema, type JsonldConfig } from './jsonld-config';
import { findJobPostings, readJsonLdBlocks } from './jsonld-parse';
import { hiringOrganizationName, identifierOf, jobPostingToRaw } from './jsonld-map';
import { httpUrlOrNull, type LoadedPage, loadPage, mapOrdered, Progress, walkListing } from './pages';

/**
 * The `jsonld` kind: schema.org JobPosting read from `<script type="application/ld+json">`, the markup sites add
 * for Google for Jobs. Job pages come from explicit URLs or from a listing whose links lead to them (paginated
 * like the html kind); without a link selector the listing pages themselves carry the postings.
 */

export { jsonldConfigSchema, type JsonldConfig, type JsonldConfigInput } from './jsonld-config';

function externalId(posting: Record<string, unknown>, pageUrl: string, config: JsonldConfig): string | null {
  const fromUrl = (): string => {
    const u = posting.url;
    try {
      return typeof u === 'string' ? new URL(u, pageUrl).href : pageUrl;
    } catch {
      return pageUrl;
    }
  };
  const source = (config.idFrom === 'identifier' ? identifierOf(posting) : null) ?? fromUrl();
  if (!config.idPattern) return source;
  const m = new RegExp(config.idPattern, 'u').exec(source);
  return m ? (m[1] ?? m[0]) : null;
}

interface Tally {
  pages: number;
  postings: number;
  gone: number;
}

/** The postings of one loaded page, as extracted jobs; throws when the page's JSON-LD cannot be read at all. */
function postingsOf(ctx: ExtractContext, page: LoadedPage, config: JsonldConfig, tally: Tally): ExtractedJob[] {
  const url = page.doc.finalUrl;
  const blocks = readJsonLdBlocks(page.$);
  ctx.observe.selector({ field: '@jsonld', selector: 'script[type="application/ld+json"]', url, matched: blocks.count });
  let postings = findJobPostings(blocks.values);
  ctx.observe.selector({ field: '@JobPosting', selector: 'JobPosting', url, matched: postings.length });
  if (postings.length === 0 && blocks.failures.length > 0) {
    throw new InvalidDocumentError(`Unreadable JSON-LD on ${url}: ${blocks.failures.join('; ')}`, { url });
  }
  tally.pages++;
  tally.postings += postings.length;
  if (config.organization) {
    const org = new RegExp(config.organization, 'iu');
    postings = postings.filter((p) => org.test(hiringOrganizationName(p) ?? ''));
  }
  return postings.map((p) => ({ raw: jobPostingToRaw(p, { pageUrl: url, externalId: externalId(p, url, config) }), sourceUrl: url }));
}

/** The postings of job pages fetched `concurrency` at a time, in order; pages gone (404/410) are counted. */
async function* jobPages(ctx: ExtractContext, urls: string[], config: JsonldConfig, progress: Progress, tally: Tally): AsyncGenerator<ExtractedJob[]> {
  const load = async (url: string): Promise<LoadedPage | null> => {
    try {
      return await loadPage(ctx, url, progress);
    } catch (err) {
      // Closed between the listing and this fetch.
      if (err instanceof HttpStatusError && (err.status === 404 || err.status === 410)) return null;
      throw err;
    }
  };
  for await (const page of mapOrdered(urls, config.concurrency, load)) {
    if (page) yield postingsOf(ctx, page, config, tally);
    else tally.gone++;
  }
}

function isEmptyMarked(page: LoadedPage, selector: string | undefined): boolean {
  return selector !== undefined && page.$(selector).length > 0;
}

/** The listing's postings: from the job pages its links lead to, or from the listing pages themselves. */
async function* listingPostings(ctx: ExtractContext, config: JsonldConfig, progress: Progress, tally: Tally): AsyncGenerator<ExtractedJob[]> {
  const listing = config.listing;
  if (!listing) return;
  const seenLinks = new Set<string>();
  for (const start of listing.urls) {
    for await (const page of walkListing(ctx, start, listing, progress)) {
      const url = page.doc.finalUrl;
      if (!listing.links) {
        const jobs = postingsOf(ctx, page, config, tally);
        if (jobs.length === 0 && page.index > 0) break; // paginated past the end
        if (jobs.length === 0 && !isEmptyMarked(page, listing.emptySelector) && tally.postings === 0) {
          throw new LayoutChangedError(`No JobPosting on listing page ${url}`, { url, selector: 'JobPosting' });
        }
        yield jobs;
        continue;
      }
      const hrefs = page.$(listing.links).toArray().map((el) => page.$(el).attr('href')?.trim() ?? '');
      ctx.observe.selector({ field: '@links', selector: listing.links, url, matched: hrefs.length });
      if (hrefs.length === 0) {
        if (page.index > 0 || isEmptyMarked(page, listing.emptySelector)) break;
        throw new LayoutChangedError(`Link selector "${listing.links}" matched nothing on ${url}`, { url, selector: listing.links });
      }
      const links: string[] = [];
      for (const href of hrefs) {
        const abs = httpUrlOrNull(href, url);
        if (abs === null || seenLinks.has(abs)) continue;
        links.push(abs);
        seenLinks.add(abs);
      }
      yield* jobPages(ctx, links, config, progress, tally);
    }
  }
}

/**
 * Yields every posting, without repeating an external id. A job page without any JobPosting is skipped (closed
 * jobs often redirect to a generic page), but when no page at all has one, or every job page is gone, the markup
 * or the links changed: LayoutChangedError rather than an empty run that would close every job.
 */
export async function* extractJsonLd(ctx: ExtractContext, config: JsonldConfig): AsyncGenerator<ExtractedJob> {
  const progress = new Progress(ctx);
  const tally: Tally = { pages: 0, postings: 0, gone: 0 };
  const seen = new Set<string>();
  const sources = [jobPages(ctx, config.urls, config, progress, tally), listingPostings(ctx, config, progress, tally)];
  for (const source of sources) {
    for await (const jobs of source) {
      for (const job of jobs) {
        const id = job.raw.externalId;
        if (id !== null && id !== undefined) {
          if (seen.has(String(id))) continue;
          seen.add(String(id));
        }
        progress.job();
        yield job;
      }
    }
  }
  if (tally.postings === 0 && (tally.pages > 0 || tally.gone > 0)) {
    throw new LayoutChangedError(
      `No JobPosting found: ${tally.pages} page(s) without one, ${tally.gone} job page(s) gone (404/410)`,
      { selector: 'JobPosting', url: config.urls[0] ?? config.listing?.urls[0] },
    );
  }
}

export interface JsonldImporterOptions {
  key: string;
  description: string;
  defaultSchedule?: string;
}

/** A generic importer of kind jsonld: the whole configuration is per import. */
export function jsonldImporter(options: JsonldImporterOptions): ImporterDefinition<JsonldConfig> {
  return defineImporter<JsonldConfig>({
    key: options.key,
    kind: 'jsonld',
    description: options.description,
    configSchema: jsonldConfigSchema,
    defaultSchedule: options.defaultSchedule ?? '0 5 * * *',
    extract: (ctx, config) => extractJsonLd(ctx, config),
  });
}
