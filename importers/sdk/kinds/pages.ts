import { type CheerioAPI, load } from 'cheerio';
import type { ExtractContext, FetchedDocument } from '../definition';
import type { AnyNode } from 'domhandler';
import { ItemTooLargeError, LayoutChangedError, PageLimitError } from '../errors';
import { evaluateField, type FieldSpec } from './fields';
import { structureFingerprint } from './fingerprint';

/** Fetching and walking pages for the scraping kinds, with the observations every page owes the checks. */

export interface LoadedPage {
  doc: FetchedDocument;
  $: CheerioAPI;
  /** 0 for the first page of a listing. */
  index: number;
}

/** Running totals for `observe.progress`. */
export class Progress {
  pages = 0;
  bytes = 0;
  jobs = 0;
  constructor(private readonly ctx: ExtractContext) {}

  page(doc: FetchedDocument): void {
    this.pages++;
    this.bytes += doc.bytes;
    this.report();
  }

  job(): void {
    this.jobs++;
    this.report();
  }

  private report(): void {
    this.ctx.observe.progress({ pages: this.pages, bytes: this.bytes, jobs: this.jobs });
  }
}

/**
 * Deepest element nesting a page may have. htmlparser2 parses any depth, but reading the tree does not: cheerio's
 * text(), selectors and the fingerprint recurse, and ~20,000 nested divs overflow the stack (the compartment then
 * dies as "ImporterCrashed"). Real pages stay far below (browsers stop laying out past ~512 levels).
 */
export const MAX_HTML_DEPTH = 1_000;

/** The tree's depth, walked with an explicit stack (recursing is what fails on such pages); throws past the limit. */
function assertDepth(root: AnyNode[], url: string): void {
  const stack: [AnyNode, number][] = root.map((node) => [node, 1]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_HTML_DEPTH) {
      throw new ItemTooLargeError(`HTML page ${url} nests elements deeper than ${MAX_HTML_DEPTH} levels`, { url, limit: MAX_HTML_DEPTH });
    }
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1]);
  }
}

/** Fetches and parses an HTML page, reporting it with its layout fingerprint. */
export async function loadPage(ctx: ExtractContext, url: string, progress: Progress, index = 0): Promise<LoadedPage> {
  const doc = await ctx.fetch(url, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
  // htmlparser2 (faster than parse5); 'utf8' keeps accents as characters when a field reads inner HTML.
  const $ = load(doc.text, { xml: { xmlMode: false, encodeEntities: 'utf8' } });
  assertDepth($.root().toArray(), doc.finalUrl);
  ctx.observe.page({ url: doc.finalUrl, status: doc.status, bytes: doc.bytes, fingerprint: structureFingerprint($) });
  progress.page(doc);
  return { doc, $, index };
}

export interface PaginationOptions {
  /** Selector of the "next page" link; its href by default. */
  nextPage?: FieldSpec;
  maxPages: number;
}

function withoutHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/** An href resolved against its page, without fragment; null when it is not an http(s) URL (mailto:, javascript:). */
export function httpUrlOrNull(href: string, base: string): string | null {
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/**
 * The pages of one listing, following "next" links. A next link back to a page already seen ends the listing
 * (last pages often link to themselves); still having a next page at `maxPages` is an error, see PageLimitError.
 * The caller ends the walk early (an empty page) by breaking out of its loop.
 */
export async function* walkListing(
  ctx: ExtractContext,
  startUrl: string,
  options: PaginationOptions,
  progress: Progress,
): AsyncGenerator<LoadedPage, void, undefined> {
  const seen = new Set<string>([withoutHash(startUrl)]);
  let url: string | null = startUrl;
  for (let index = 0; url !== null; index++) {
    const page = await loadPage(ctx, url, progress, index);
    seen.add(withoutHash(page.doc.finalUrl));
    yield page;
    if (!options.nextPage) return;
    const href = evaluateField('@nextPage', options.nextPage, { $: page.$, scope: page.$.root(), url: page.doc.finalUrl, observe: ctx.observe }, 'href');
    if (typeof href !== 'string' || href.trim() === '') return;
    const next = httpUrlOrNull(href, page.doc.finalUrl);
    if (next === null) {
      // A script-driven pager ("javascript:goPage(2)") cannot be followed: stopping here would truncate the listing.
      throw new LayoutChangedError(`Next page link "${href.trim()}" on ${page.doc.finalUrl} is not an http(s) URL`, {
        url: page.doc.finalUrl,
      });
    }
    if (seen.has(next)) return;
    if (index + 1 >= options.maxPages) {
      throw new PageLimitError(`Listing ${startUrl} still has a next page (${next}) after ${options.maxPages} pages`, { url: startUrl });
    }
    seen.add(next);
    url = next;
  }
}

/**
 * Maps with at most `limit` calls in flight and yields results in input order, so output is deterministic
 * whatever the response times. Every call is settled as it finishes: a failure waits its turn without becoming an
 * unhandled rejection.
 */
export async function* mapOrdered<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  type Settled = { ok: true; value: R } | { ok: false; error: unknown };
  const window: Promise<Settled>[] = [];
  let next = 0;
  const fill = (): void => {
    while (window.length < limit && next < items.length) {
      const item = items[next++] as T;
      window.push(fn(item).then((value): Settled => ({ ok: true, value }), (error: unknown): Settled => ({ ok: false, error })));
    }
  };
  fill();
  while (window.length > 0) {
    const settled = await (window.shift() as Promise<Settled>);
    if (!settled.ok) throw settled.error;
    fill();
    yield settled.value;
  }
}
