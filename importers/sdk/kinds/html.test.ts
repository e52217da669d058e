import { afterEach, describe, expect, it } from 'vitest';
import type { ExtractedJob, ExtractObserver } from '../definition';
import { ItemTooLargeError, LayoutChangedError, PageLimitError } from '../errors';
import { createExtractContext } from '../fetch';
import { routes, startTestServer, type TestServer } from '../testing/http-server';
import { extractHtml, htmlConfigSchema, htmlImporter, type HtmlConfig } from './html';

type Observed = { pages: Parameters<ExtractObserver['page']>[0][]; selectors: Parameters<ExtractObserver['selector']>[0][]; progress: Parameters<ExtractObserver['progress']>[0][] };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const list = (items: string, next?: string): string =>
  `<html><body><main><ul class="jobs">${items}</ul>${next ? `<a class="next" href="${next}">Suivant</a>` : ''}</main></body></html>`;
const item = (id: number, title: string, city: string): string =>
  `<li class="job"><a class="title" href="/offres/${id}-poste">${title}</a><span class="city">${city}</span></li>`;
const detail = (id: number, body: string): string =>
  `<html><body><article class="offer"><h1>Titre ${id}</h1><div class="desc">${body}</div><span class="contract">CDI</span></article></body></html>`;

async function run(table: Parameters<typeof routes>[0], config: Omit<HtmlConfig, 'listUrls'> & { listUrls?: string[] }): Promise<{ jobs: ExtractedJob[]; seen: Observed; server: TestServer }> {
  const server = await startTestServer(routes(table));
  cleanups.push(() => server.close());
  const seen: Observed = { pages: [], selectors: [], progress: [] };
  const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'] }, {
    page: (p) => seen.pages.push(p),
    selector: (s) => seen.selectors.push(s),
    progress: (p) => seen.progress.push(p),
  });
  cleanups.push(() => ctx.close());
  const jobs: ExtractedJob[] = [];
  for await (const job of extractHtml(ctx, { ...config, listUrls: [`${server.origin}/offres`] })) jobs.push(job);
  return { jobs, seen, server };
}

const scraper = htmlConfigSchema.parse({
  listUrls: ['http://placeholder.test/'],
  item: 'li.job',
  fields: { externalId: { selector: 'a.title', attr: 'href', regex: '/offres/(\\d+)' }, title: 'a.title', city: '.city' },
  nextPage: 'a.next',
  maxPages: 5,
});

describe('extractHtml', () => {
  it('reads list fields across pages and reports pages, selectors and progress', async () => {
    const { jobs, seen, server } = await run(
      {
        '/offres': { body: list(item(1, 'Développeur', 'Lyon') + item(2, 'Comptable', 'Paris'), '/offres?page=2') },
        '/offres?page=2': { body: list(item(3, 'Juriste', 'Nantes') + item(2, 'Comptable', 'Paris'), '/offres?page=2') },
      },
      scraper,
    );
    const o = server.origin;
    const loc = (city: string) => ({ city, region: null, postalCode: null, country: null, remote: false });
    const base = { description: null, employmentType: null, department: null, salary: null, applyUrl: null, postedAt: null, updatedAt: null };
    expect(jobs).toEqual([
      { raw: { ...base, externalId: '1', title: 'Développeur', location: loc('Lyon') }, sourceUrl: `${o}/offres` },
      { raw: { ...base, externalId: '2', title: 'Comptable', location: loc('Paris') }, sourceUrl: `${o}/offres` },
      { raw: { ...base, externalId: '3', title: 'Juriste', location: loc('Nantes') }, sourceUrl: `${o}/offres?page=2` },
    ]);
    expect(server.requests).toEqual(['/offres', '/offres?page=2']);
    expect(seen.pages.map((p) => [p.url, p.status])).toEqual([[`${o}/offres`, 200], [`${o}/offres?page=2`, 200]]);
    // Same template on both pages: same fingerprint.
    expect(seen.pages[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(seen.pages[1]?.fingerprint).toBe(seen.pages[0]?.fingerprint);
    expect(seen.selectors.slice(0, 4)).toEqual([
      { field: '@item', selector: 'li.job', url: `${o}/offres`, matched: 2 },
      { field: 'externalId', selector: 'a.title@href', url: `${o}/offres`, matched: 1 },
      { field: 'title', selector: 'a.title', url: `${o}/offres`, matched: 1 },
      { field: 'city', selector: '.city', url: `${o}/offres`, matched: 1 },
    ]);
    expect(seen.selectors.filter((s) => s.field === '@nextPage').map((s) => s.matched)).toEqual([1, 1]);
    expect(seen.progress.at(-1)).toEqual({ pages: 2, bytes: seen.pages.reduce((n, p) => n + p.bytes, 0), jobs: 3 });
  });

  it('completes items from detail pages, in list order, and skips jobs whose page is gone', async () => {
    const { jobs, server } = await run(
      {
        '/offres': { body: list(item(1, 'Dev', 'Lyon') + item(2, 'Compta', 'Paris') + item(3, 'Juriste', 'Nantes')) },
        '/offres/1-poste': { body: detail(1, '<p>Missions <script>x()</script><strong>clés</strong></p>') },
        '/offres/3-poste': { body: detail(3, '<p>Droit</p>') },
      },
      {
        ...scraper,
        detail: {
          url: 'a.title@href',
          fields: { title: 'h1', description: { selector: '.desc', html: true }, employmentType: '.contract', applyUrl: { value: '/postuler' } },
        },
      },
    );
    const o = server.origin;
    expect(jobs.map((j) => [j.raw.externalId, j.raw.title, j.raw.description, j.raw.employmentType, j.raw.applyUrl, j.sourceUrl])).toEqual([
      ['1', 'Titre 1', '<p>Missions <script>x()</script><strong>clés</strong></p>', 'CDI', `${o}/postuler`, `${o}/offres/1-poste`],
      ['3', 'Titre 3', '<p>Droit</p>', 'CDI', `${o}/postuler`, `${o}/offres/3-poste`],
    ]);
  });

  it('throws LayoutChangedError when the first page has no item', async () => {
    const err = await run({ '/offres': { body: '<html><body><div class="offers"></div></body></html>' } }, scraper).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayoutChangedError);
    expect((err as LayoutChangedError).message).toMatch(/^Item selector "li.job" matched nothing on http:\/\/127\.0\.0\.1:\d+\/offres$/);
    expect((err as LayoutChangedError).selector).toBe('li.job');
  });

  it('accepts an empty listing when the empty marker is there', async () => {
    const { jobs } = await run({ '/offres': { body: '<p class="none">Aucune offre</p>' } }, { ...scraper, emptySelector: '.none' });
    expect(jobs).toEqual([]);
  });

  it('fails rather than truncate a listing longer than maxPages', async () => {
    const table = Object.fromEntries(
      [1, 2, 3].map((n) => [n === 1 ? '/offres' : `/offres?page=${n}`, { body: list(item(n, `Poste ${n}`, 'Lyon'), `/offres?page=${n + 1}`) }]),
    );
    const err = await run(table, { ...scraper, maxPages: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PageLimitError);
    expect((err as PageLimitError).message).toMatch(/still has a next page \(.*\/offres\?page=3\) after 2 pages$/);
  });

  it('stops at a page with no items after the first', async () => {
    const { jobs } = await run(
      { '/offres': { body: list(item(1, 'Dev', 'Lyon'), '/offres?page=2') }, '/offres?page=2': { body: list('', '/offres?page=3') } },
      scraper,
    );
    expect(jobs.map((j) => j.raw.externalId)).toEqual(['1']);
  });

  it('refuses a script-driven next link instead of silently stopping', async () => {
    const err = await run({ '/offres': { body: list(item(1, 'Dev', 'Lyon'), 'javascript:goPage(2)') } }, scraper).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayoutChangedError);
    expect((err as Error).message).toMatch(/^Next page link "javascript:goPage\(2\)" on http:\/\/127\.0\.0\.1:\d+\/offres is not an http\(s\) URL$/);
  });

  it('applies code transforms', async () => {
    const { jobs } = await run(
      { '/offres': { body: list(item(7, 'dev', 'Lyon (69)')) } },
      { ...scraper, fields: { ...scraper.fields, title: { selector: 'a.title', transform: (v) => v?.toUpperCase() ?? null }, postalCode: { selector: '.city', regex: '\\((\\d+)\\)' } } },
    );
    expect([jobs[0]?.raw.title, jobs[0]?.raw.location?.postalCode]).toEqual(['DEV', '69']);
  });
});

describe('hostile pages', () => {
  it('refuses 20,000 nested divs with a clear, bounded error instead of overflowing the stack', async () => {
    const deep = `<html><body><main><ul class="jobs">${item(1, 'Un', 'Lyon')}</ul>${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}</main></body></html>`;
    const failing = run({ '/offres': { body: deep } }, scraper);
    await expect(failing).rejects.toBeInstanceOf(ItemTooLargeError);
    await expect(failing).rejects.toThrow(/^HTML page http:\/\/127\.0\.0\.1:\d+\/offres nests elements deeper than 1000 levels$/);
  });

  it('reads a page nested 900 levels deep', async () => {
    const deep = `<html><body><main><ul class="jobs">${item(1, 'Un', 'Lyon')}</ul>${'<div>'.repeat(900)}x${'</div>'.repeat(900)}</main></body></html>`;
    const { jobs } = await run({ '/offres': { body: deep } }, scraper);
    expect(jobs.map((j) => j.raw.title)).toEqual(['Un']);
  });
});

describe('htmlImporter', () => {
  it('fails fast on an invalid scraper', () => {
    expect(() => htmlImporter({ key: 'x', description: 'x', scraper: { item: 'li', fields: { title: 'a' } } })).toThrow(
      'Invalid html scraper for importer "x": fields.externalId: externalId needs a field (list or detail)',
    );
  });
});
