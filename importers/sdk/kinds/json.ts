import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ExtractContext } from '../definition';
import { findMojibake, mojibakeNote } from '../charset-check';
import { InvalidDocumentError, PageLimitError } from '../errors';

/**
 * Paginated JSON APIs (ATS job boards). Each page is fetched through the context (fetch policy, address
 * guard), parsed, checked against the caller's zod schema (a changed API fails loudly, with the path of what
 * is wrong), and its items handed out before the next page is requested.
 *
 * A listing only counts as complete when pagination ends on its own: hitting `maxPages`, a page pointing back
 * to an already fetched URL, or the same page body served twice all throw instead of returning.
 */

/** What a pagination strategy sees of the page just read. */
export interface PageInfo<Page> {
  url: string;
  body: Page;
  /** Zero-based index of this page. */
  index: number;
  /** Items selected from this page. */
  count: number;
  /** Items selected from all pages so far, this one included. */
  total: number;
}

/**
 * How pages follow each other. Declarative, so that the callbacks are typed from the page schema:
 * - `next`: a link in the body (absolute or relative to the current page); absent or empty link ends it;
 * - `offset`: offset/limit query parameters (`skip`/`limit`, `offset`/`limit`); ends on a short or empty page,
 *   or once `total` items (when the API reports it) have been seen;
 * - `page`: a page-number parameter; ends on an empty page, a short one (when `size` is known) or after `pages`;
 * - `cursor`: an opaque cursor from the body sent back as a parameter; absent or empty cursor ends it;
 * - `custom`: anything else.
 */
export type Pagination<Page> =
  | { type: 'next'; link: (body: Page) => string | null | undefined }
  | { type: 'offset'; offset: string; limit: string; size: number; total?: (body: Page) => number | null | undefined }
  | { type: 'page'; param: string; first?: number; size?: number; pages?: (body: Page) => number | null | undefined }
  | { type: 'cursor'; param: string; cursor: (body: Page) => string | null | undefined }
  | { type: 'custom'; start?: (url: URL) => void; next: (page: PageInfo<Page>) => string | null };

export interface JsonPagesOptions<Page, Item> {
  url: string;
  /** Shape of one page: only what the importer reads. */
  schema: z.ZodType<Page>;
  select(body: NoInfer<Page>): readonly Item[];
  /** Default: a single page. */
  paginate?: Pagination<NoInfer<Page>>;
  /** Guard against endless pagination (default 200); exceeding it throws. */
  maxPages?: number;
  headers?: Record<string, string>;
}

export interface JsonItem<Item, Page> {
  item: Item;
  /** URL of the page the item was read from. */
  url: string;
  page: Page;
}

const DEFAULT_MAX_PAGES = 200;

export interface FetchedJson<T> {
  /** Final URL, after redirects. */
  url: string;
  body: T;
  text: string;
  status: number;
  bytes: number;
}

/** Fetches one JSON document and checks it against `schema`. Errors name the URL and quote the body. */
export async function fetchJson<T>(
  ctx: ExtractContext,
  url: string,
  schema: z.ZodType<T>,
  headers?: Record<string, string>,
): Promise<FetchedJson<T>> {
  const doc = await ctx.fetch(url, { accept: 'application/json', ...(headers ? { headers } : {}) });
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc.text);
  } catch (err) {
    throw new InvalidDocumentError(
      `${doc.finalUrl} did not return JSON (status ${doc.status}, ${doc.contentType ?? 'no content-type'}): ${excerpt(doc.text)}`,
      { url: doc.finalUrl, cause: err },
    );
  }
  reportEscapedMojibake(ctx, doc.finalUrl, doc.text, parsed);
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    const issues = checked.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new InvalidDocumentError(`${doc.finalUrl} returned JSON of an unexpected shape: ${issues}`, { url: doc.finalUrl });
  }
  return { url: doc.finalUrl, body: checked.data, text: doc.text, status: doc.status, bytes: doc.bytes };
}

/** `\u00c3`, `\u00c2`, `\u00e2`: how a JSON API escapes the first character of typical mojibake. */
const ESCAPED_MOJIBAKE_LEAD = /\\u00(?:c[23]|e2)/i;

/**
 * Mojibake a JSON API sends escaped ("R\u00c3\u00a9ception") escapes the scan of the decoded bytes
 * (charset-check.ts): looked for in the parsed strings, only when an escape that starts one is in the text.
 */
function reportEscapedMojibake(ctx: ExtractContext, url: string, text: string, parsed: unknown): void {
  if (!ctx.observe.fidelity || !ESCAPED_MOJIBAKE_LEAD.test(text)) return;
  const note = mojibakeNote(findMojibake(JSON.stringify(parsed)));
  if (note) ctx.observe.fidelity({ ...note, url });
}

/** Yields every item of every page, following the pagination strategy. */
export async function* fetchJsonPages<Page, Item>(
  ctx: ExtractContext,
  options: JsonPagesOptions<Page, Item>,
): AsyncGenerator<JsonItem<Item, Page>> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const first = new URL(options.url);
  if (options.paginate) firstPage(options.paginate, first);
  const seenUrls = new Set<string>();
  // Digests of page bodies: an API that ignores the offset parameter serves the same page under new URLs.
  const seenBodies = new Set<string>();
  let next: string | null = first.toString();
  let total = 0;
  let bytes = 0;
  for (let index = 0; next !== null; index += 1) {
    if (index >= maxPages) {
      throw new PageLimitError(`${options.url}: more than ${maxPages} pages, stopped before ${next} (listing incomplete)`, {
        url: next,
      });
    }
    seenUrls.add(next);
    const page: FetchedJson<Page> = await fetchJson(ctx, next, options.schema, options.headers);
    bytes += page.bytes;
    ctx.observe.page({ url: page.url, status: page.status, bytes: page.bytes });
    const items = options.select(page.body);
    const digest = createHash('sha256').update(page.text).digest('hex');
    if (items.length > 0 && seenBodies.has(digest)) {
      throw new InvalidDocumentError(`${page.url} repeats an earlier page: pagination is not advancing`, { url: page.url });
    }
    seenBodies.add(digest);
    total += items.length;
    for (const item of items) yield { item, url: page.url, page: page.body };
    ctx.observe.progress({ pages: index + 1, bytes, jobs: total });
    const info: PageInfo<Page> = { url: page.url, body: page.body, index, count: items.length, total };
    const following: string | null = options.paginate ? nextPage(options.paginate, info) : null;
    if (following !== null && seenUrls.has(following)) {
      throw new InvalidDocumentError(`${page.url} points back to ${following}: pagination loop`, { url: page.url });
    }
    next = following;
  }
}

/** Sets the first page's parameters. */
function firstPage<Page>(paginate: Pagination<Page>, url: URL): void {
  switch (paginate.type) {
    case 'offset':
      url.searchParams.set(paginate.offset, '0');
      url.searchParams.set(paginate.limit, String(paginate.size));
      return;
    case 'page':
      url.searchParams.set(paginate.param, String(paginate.first ?? 1));
      return;
    case 'custom':
      paginate.start?.(url);
      return;
    default:
      return;
  }
}

/** URL of the page after `page`, or null when it was the last. */
function nextPage<Page>(paginate: Pagination<Page>, page: PageInfo<Page>): string | null {
  const withParam = (name: string, value: string | number): string => {
    const url = new URL(page.url);
    url.searchParams.set(name, String(value));
    return url.toString();
  };
  switch (paginate.type) {
    case 'next': {
      const href = paginate.link(page.body);
      return href && page.count > 0 ? new URL(href, page.url).toString() : null;
    }
    case 'offset': {
      const reported = paginate.total?.(page.body);
      if (page.count === 0 || page.count < paginate.size || (reported != null && page.total >= reported)) return null;
      return withParam(paginate.offset, Number(new URL(page.url).searchParams.get(paginate.offset) ?? 0) + page.count);
    }
    case 'page': {
      const pages = paginate.pages?.(page.body);
      const short = paginate.size !== undefined && page.count < paginate.size;
      if (page.count === 0 || short || (pages != null && page.index + 1 >= pages)) return null;
      return withParam(paginate.param, (paginate.first ?? 1) + page.index + 1);
    }
    case 'cursor': {
      const cursor = paginate.cursor(page.body);
      return cursor ? withParam(paginate.param, cursor) : null;
    }
    case 'custom':
      return paginate.next(page);
  }
}

/** First 160 characters of a body, on one line, for error messages. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}
