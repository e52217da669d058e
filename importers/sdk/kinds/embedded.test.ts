import { afterEach, describe, expect, it } from 'vitest';
import type { ExtractedJob, ExtractObserver } from '../definition';
import { LayoutChangedError } from '../errors';
import { createExtractContext } from '../fetch';
import { routes, startTestServer } from '../testing/http-server';
import { assignedJsonText, readJsonPath } from './embedded';
import { extractHtml, htmlConfigSchema } from './html';

type ExpectedCountInfo = Parameters<NonNullable<ExtractObserver['expectedCount']>>[0];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function run(page: string, scraper: Record<string, unknown>): Promise<{ jobs: ExtractedJob[]; counts: ExpectedCountInfo[]; items: number[] }> {
  const server = await startTestServer(routes({ '/offres': { body: page } }));
  cleanups.push(() => server.close());
  const counts: ExpectedCountInfo[] = [];
  const items: number[] = [];
  const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'] }, {
    page: () => undefined,
    selector: (s) => (s.field === '@item' ? items.push(s.matched) : undefined),
    progress: () => undefined,
    expectedCount: (c) => counts.push(c),
  });
  cleanups.push(() => ctx.close());
  const config = htmlConfigSchema.parse({ listUrls: [`${server.origin}/offres`], ...scraper });
  const jobs: ExtractedJob[] = [];
  for await (const job of extractHtml(ctx, config)) jobs.push(job);
  return { jobs, counts, items };
}

const JOBS = [
  { id: 101, title: 'Développeur·se TypeScript', location: { city: 'Lyon', country: 'FR' }, url: '/jobs/101' },
  { id: 102, title: 'Product designer', location: { city: 'Paris', country: 'FR' }, url: '/jobs/102' },
];
const FIELDS = { externalId: 'id', title: 'title', city: 'location.city', country: 'location.country', applyUrl: 'url' };

/** What a modern career page looks like: one root element the script renders, the jobs only in its JSON. */
const shell = (head: string, body = '') => `<html><head>${head}</head><body><div id="root"><p class="total">2 offres</p></div>${body}</body></html>`;

describe('html kind: jobs embedded as JSON', () => {
  it('reads both jobs of a Next.js page from __NEXT_DATA__, where one element per job would give 1', async () => {
    const next = `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { pageProps: { jobs: JOBS } }, page: '/careers' })}</script>`;
    const { jobs, items } = await run(shell('', next), { embedded: { script: 'script#__NEXT_DATA__', items: 'props.pageProps.jobs', fields: FIELDS } });
    expect(jobs).toHaveLength(2);
    expect(items).toStrictEqual([2]);
    expect(jobs[0]!.raw).toMatchObject({ externalId: '101', title: 'Développeur·se TypeScript', location: { city: 'Lyon', country: 'FR' } });
    expect(jobs[1]!.raw.applyUrl).toBe(`${new URL(jobs[1]!.sourceUrl).origin}/jobs/102`);
  });

  it('reads a <script type="application/json"> block and an assigned state object (trailing commas tolerated)', async () => {
    const block = `<script type="application/json" data-jobs>${JSON.stringify({ data: JOBS })}</script>`;
    const fromBlock = await run(shell(block), { embedded: { script: 'script[type="application/json"]', items: 'data', fields: FIELDS } });
    expect(fromBlock.jobs.map((j) => j.raw.externalId)).toStrictEqual(['101', '102']);

    const state = `<script>var x = 1; window.__STATE__ = {"jobs": {"list": ${JSON.stringify(JOBS)}}, "note": "a } in a string", "trailing": [1,],};\nrender();</script>`;
    const fromState = await run(shell(state), { embedded: { assignment: 'window.__STATE__', items: 'jobs.list', fields: FIELDS } });
    expect(fromState.jobs.map((j) => j.raw.title)).toStrictEqual(['Développeur·se TypeScript', 'Product designer']);
  });

  it('reports the site\'s own count where the import declares it', async () => {
    const next = `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { pageProps: { jobs: JOBS } } })}</script>`;
    const { counts } = await run(shell('', next), {
      embedded: { script: 'script#__NEXT_DATA__', items: 'props.pageProps.jobs', fields: FIELDS },
      expectedCount: { selector: '.total', pattern: '(\\d+) offres' },
    });
    expect(counts).toStrictEqual([{ url: expect.stringMatching(/\/offres$/), selector: '.total', text: '2 offres', count: 2 }]);
    const missing = await run(shell('', next), { embedded: { script: 'script#__NEXT_DATA__', items: 'props.pageProps.jobs', fields: FIELDS }, expectedCount: { selector: '.nombre' } });
    expect(missing.counts[0]).toMatchObject({ text: '', count: null });
  });

  it('fails as a layout change when the JSON or its array is gone, and refuses a config that names neither items nor JSON', async () => {
    const page = shell('<script id="__NEXT_DATA__" type="application/json">{"props":{}}</script>');
    await expect(run(page, { embedded: { script: 'script#__NEXT_DATA__', items: 'props.pageProps.jobs', fields: FIELDS } })).rejects.toBeInstanceOf(LayoutChangedError);
    await expect(run(shell(''), { embedded: { assignment: '__STATE__', items: 'jobs', fields: FIELDS } })).rejects.toThrow(/Embedded JSON __STATE__ = … not found/);
    expect(htmlConfigSchema.safeParse({ listUrls: ['https://x.test/'], fields: { externalId: 'a', title: 'a' } }).success).toBe(false);
    expect(htmlConfigSchema.safeParse({ listUrls: ['https://x.test/'], embedded: { script: 's', assignment: 'a', items: 'x', fields: FIELDS } }).success).toBe(false);
  });

  it('reads paths and assignments', () => {
    expect(readJsonPath({ a: { b: [{ c: 1 }, { c: 2 }] } }, 'a.b[1].c')).toBe(2);
    expect(readJsonPath([1], '$')).toStrictEqual([1]);
    expect(readJsonPath({ a: 1 }, 'a.b')).toBeUndefined();
    expect(assignedJsonText('window.__STATE__ = {"a": "]}"}; other = [1]', 'window.__STATE__')).toBe('{"a": "]}"}');
    expect(assignedJsonText('my__STATE__ = {}', '__STATE__')).toBeNull();
  });
});

describe('html kind: a field regex with all', () => {
  it('returns every match of every node, not only the first', async () => {
    const page = '<html><body><ul><li class="job" data-id="7"><h2>Vendeur</h2><p class="where">Villes : Lyon (69), Paris (75) et Nantes (44)</p><p class="where">Lille (59)</p></li></ul></body></html>';
    const { jobs } = await run(page, {
      item: 'li.job',
      fields: { externalId: ':scope@data-id', title: 'h2', city: { selector: '.where', all: true, regex: '([A-Z][a-zé]+) \\(\\d+\\)' } },
    });
    expect(jobs[0]!.raw.location?.city).toBe('Lyon, Paris, Nantes, Lille');
    const first = await run(page, { item: 'li.job', fields: { externalId: ':scope@data-id', title: 'h2', city: { selector: '.where', regex: '([A-Z][a-zé]+) \\(\\d+\\)' } } });
    expect(first.jobs[0]!.raw.location?.city).toBe('Lyon');
  });
});
