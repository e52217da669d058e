import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configProblem } from '../config-check';
import { InvalidDocumentError, LayoutChangedError, PageLimitError } from '../sdk/errors';
import { collect, type FixtureServer, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { type FeedConfigInput, feedConfigSchema } from './config';
import { feed } from './index';

const XML = 'application/xml; charset=utf-8';
const page = (jobs: { id: string }[], extra: Record<string, unknown> = {}) => JSON.stringify({ jobs: jobs.map((j) => ({ id: j.id, title: `Poste ${j.id}` })), ...extra });
const json = (body: string) => ({ body });
const FIELDS = { externalId: 'id', title: 'title' };

describe('feed importer: pagination', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const ids = async (config: Omit<FeedConfigInput, 'feedUrl'>, path: string) => {
    const notes: { field: string; matched: number; selector: string }[] = [];
    const recording = { ...ctx, observe: { ...ctx.observe, selector: ({ field, selector, matched }: { field: string; selector: string; matched: number }) => void notes.push({ field, selector, matched }) } };
    const jobs = await collect(feed.extract(recording, feedConfigSchema.parse({ feedUrl: `${server.origin}${path}`, ...config })));
    return { ids: jobs.map((j) => j.raw.externalId), notes };
  };

  beforeAll(async () => {
    server = await serveFixtures({
      '/next': json(page([{ id: 'a' }, { id: 'b' }], { links: { next: '/next?p=2' } })),
      '/next?p=2': json(page([{ id: 'c' }], { links: { next: null } })),
      '/offset?offset=0&limit=2': json(page([{ id: 'a' }, { id: 'b' }], { total: 5 })),
      '/offset?offset=2&limit=2': json(page([{ id: 'c' }, { id: 'd' }], { total: 5 })),
      '/offset?offset=4&limit=2': json(page([], { total: 5 })),
      '/cursor': json(page([{ id: 'a' }], { cursor: 'k1' })),
      '/cursor?after=k1': json(page([{ id: 'b' }], { cursor: '' })),
      '/loop': json(page([{ id: 'a' }], { next: '/loop' })),
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('follows a next link, offset/limit, a cursor', async () => {
    expect((await ids({ items: 'jobs', pagination: { type: 'next', path: 'links.next' }, fields: FIELDS }, '/next')).ids).toStrictEqual(['a', 'b', 'c']);
    expect((await ids({ items: 'jobs', pagination: { type: 'cursor', param: 'after', path: 'cursor' }, fields: FIELDS }, '/cursor')).ids).toStrictEqual(['a', 'b']);
  });

  it('compares the total the API reports with what was read, and reports the difference', async () => {
    const { ids: read, notes } = await ids({ items: 'jobs', total: 'total', pagination: { type: 'offset', size: 2 }, fields: FIELDS }, '/offset');
    expect(read).toStrictEqual(['a', 'b', 'c', 'd']);
    expect(notes).toContainEqual({ field: '@feed:total-mismatch', selector: 'the API reports 5 items, 4 were read', matched: 1 });
  });

  it('stops at the page bound and on a loop instead of returning a partial listing', async () => {
    await expect(ids({ items: 'jobs', pagination: { type: 'next', path: 'links.next' }, maxPages: 1, fields: FIELDS }, '/next')).rejects.toThrow(PageLimitError);
    await expect(ids({ items: 'jobs', pagination: { type: 'next', path: 'next' }, fields: FIELDS }, '/loop')).rejects.toThrow('pagination loop');
  });
});

describe('feed importer: messy feeds and bad configurations', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const run = (path: string, config: Omit<FeedConfigInput, 'feedUrl'>) => collect(feed.extract(ctx, feedConfigSchema.parse({ feedUrl: `${server.origin}${path}`, ...config })));

  beforeAll(async () => {
    server = await serveFixtures({
      '/items.xml': { contentType: XML, body: '<jobs><item><id>1</id><t>A</t></item><item><id>2</id><t>B</t></item><item><id>3</id><t>C</t></item><item><id>4</id><t>D</t></item></jobs>' },
      '/empty.xml': { contentType: XML, body: '<source><publisher>Client</publisher></source>' },
      '/broken.xml': { contentType: XML, body: '<jobs>\n<job><id>1</id><title>A</titel></job>\n</jobs>' },
      '/cut.xml': { contentType: XML, body: '<jobs><job><id>1</id><title>A</title></job><job><id>2</id>' },
      '/dupes.xml': { contentType: XML, body: '<jobs><job><id>1</id><title>A</title></job><job><id>1</id><title>B</title></job></jobs>' },
      '/hits.json': json('{"results":[{"id":1}],"count":1}'),
      '/join.xml': { contentType: XML, body: '<jobs><job><ref>7</ref><title>Soudeur</title><rue>12 rue des Forges</rue><ville>Le Creusot</ville><a href="/o/7"/></job></jobs>' },
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('says what the feed holds when items match nothing', async () => {
    await expect(run('/items.xml', { items: 'offer', fields: { externalId: 'id', title: 't' } })).rejects.toThrow('items: no `offer` element under `jobs`; found `item` ×4');
    await expect(run('/items.xml', { items: 'jobs/offer', fields: { externalId: 'id', title: 't' } })).rejects.toThrow(LayoutChangedError);
    await expect(run('/hits.json', { items: 'hits', fields: { externalId: 'id', title: 'title' } })).rejects.toThrow('items: no array at `hits`');
    // A feed that repeats nothing is an empty listing, not a wrong configuration.
    expect(await run('/empty.xml', { items: 'job', fields: { externalId: 'id', title: 'title' } })).toStrictEqual([]);
  });

  it('joins several paths, and resolves a relative link against the feed URL', async () => {
    const [job] = await run('/join.xml', {
      items: 'job',
      fields: { externalId: 'ref', title: { join: ['title', 'ref'], separator: ' – réf. ' }, city: { join: ['rue', 'ville'], separator: ', ' }, applyUrl: 'a/@href' },
    });
    expect([job!.raw.title, job!.raw.location?.city, job!.raw.applyUrl]).toStrictEqual(['Soudeur – réf. 7', '12 rue des Forges, Le Creusot', `${server.origin}/o/7`]);
  });

  it('fails when a required field is empty on every item', async () => {
    await expect(run('/items.xml', { items: 'item', fields: { externalId: 'ref', title: 't' } })).rejects.toThrow('fields.externalId: `ref` is empty on every item (4/4)');
  });

  it('fails broken structure with line and column, and a cut-off feed as incomplete', async () => {
    await expect(run('/broken.xml', { items: 'job', fields: { externalId: 'id', title: 'title' } })).rejects.toThrow(/Malformed XML feed: .*:2:\d+: unexpected close tag/);
    await expect(run('/broken.xml', { items: 'job', fields: { externalId: 'id', title: 'title' } })).rejects.toThrow(InvalidDocumentError);
    await expect(run('/cut.xml', { items: 'job', fields: { externalId: 'id', title: 'title' } })).rejects.toThrow('ended early at line 1');
  });

  it('hands on every record of a repeated id (the duplicates check decides), never merges them', async () => {
    const jobs = await run('/dupes.xml', { items: 'job', fields: { externalId: 'id', title: 'title' } });
    expect(jobs.map((j) => [j.raw.externalId, j.raw.title])).toStrictEqual([['1', 'A'], ['1', 'B']]);
  });

  it('refuses a bad configuration before any fetch, naming the field and the position', () => {
    const problem = (config: Record<string, unknown>) => configProblem('feed', { feedUrl: 'https://example.org/feed.xml', ...config })?.fields;
    expect(problem({ format: 'xml', items: 'job', fields: { externalId: 'ref', title: 'a//b' } })).toStrictEqual([
      { field: 'config.fields.title', message: 'path "a//b": empty step ("//") at position 3' },
    ]);
    expect(problem({ format: 'json', items: 'hits', fields: { externalId: { path: 'offices[x]' }, title: 'title', postedAt: { path: 'd', format: 'dd/MM' } } })).toStrictEqual([
      { field: 'config.fields.externalId.path', message: 'path "offices[x]": expected an index (0-based), * or a quoted key in brackets at position 9' },
      { field: 'config.fields.postedAt.format', message: 'path "dd/MM": a date format needs yyyy, MM (or MMM) and dd at position 1' },
    ]);
    expect(problem({ items: 'job', fields: { title: 'title' } })).toStrictEqual([{ field: 'config.fields.externalId', message: 'externalId needs a field' }]);
    expect(problem({ fields: { externalId: 'id', title: 'title', city: { regex: '(' } } })).toStrictEqual([
      { field: 'config.items', message: 'items is required (or a preset)' },
      { field: 'config.fields.city', message: 'a field needs a path, join or value' },
      { field: 'config.fields.city.regex', message: 'Invalid regular expression: /(/u: Unterminated group' },
    ]);
    expect(problem({ format: 'xml', items: 'job', pagination: { type: 'page' }, fields: FIELDS })).toStrictEqual([
      { field: 'config.pagination', message: 'pagination is for JSON APIs; an XML feed is one document' },
    ]);
    expect(problem({ preset: 'rss' })).toBeUndefined();
  });
});
