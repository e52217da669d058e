import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidDocumentError, PageLimitError } from '../errors';
import { excerpt, fetchJsonPages, type JsonPagesOptions } from './json';
import { type FixtureServer, serveFixtures, type TestContext, testContext } from './test-context';

const linked = z.object({ items: z.array(z.string()), next: z.string().nullable() });
const plain = z.object({ items: z.array(z.string()) });
const cursored = z.object({ items: z.array(z.string()), cursor: z.string().nullish() });
const json = (value: unknown) => ({ body: JSON.stringify(value) });

describe('fetchJsonPages', () => {
  let server: FixtureServer;
  let ctx: TestContext;

  beforeAll(async () => {
    server = await serveFixtures({
      // next links: absolute path, then relative, then the end
      '/links/1': json({ items: ['Agent·e d’accueil', 'Cariste'], next: '/links/2?après=1' }),
      '/links/2?apr%C3%A8s=1': json({ items: ['Magasinier'], next: '3' }),
      '/links/3': json({ items: ['Livreur·se'], next: null }),
      '/loop/1': json({ items: ['a'], next: '/loop/2' }),
      '/loop/2': json({ items: ['b'], next: '/loop/1' }),
      // An API that ignores the offset: the same page under every URL.
      '/stuck?offset=0&limit=2': json({ items: ['x', 'y'] }),
      '/stuck?offset=2&limit=2': json({ items: ['x', 'y'] }),
      '/pages?page=1': json({ items: ['p1'] }),
      '/pages?page=2': json({ items: ['p2'] }),
      '/pages?page=3': json({ items: [] }),
      '/cursor': json({ items: ['c1', 'c2'], cursor: 'b64:Zg==' }),
      '/cursor?after=b64%3AZg%3D%3D': json({ items: ['c3'], cursor: null }),
      '/html': { contentType: 'text/html; charset=utf-8', body: `<!doctype html>\n<html><head><title>Connexion</title></head><body>${'x'.repeat(400)}</body></html>` },
      '/shape': json({ items: [1, 'deux'] }),
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  const at = (path: string) => `${server.origin}${path}`;
  /** Every item with the path of the page it came from. */
  const all = async <P, I>(options: JsonPagesOptions<P, I>) => {
    const out: [I, string][] = [];
    for await (const { item, url } of fetchJsonPages(ctx, options)) out.push([item, url.slice(server.origin.length)]);
    return out;
  };

  it('follows absolute and relative next links', async () => {
    const items = await all({ url: at('/links/1'), schema: linked, select: (p) => p.items, paginate: { type: 'next', link: (p) => p.next } });
    expect(items).toStrictEqual([
      ['Agent·e d’accueil', '/links/1'],
      ['Cariste', '/links/1'],
      ['Magasinier', '/links/2?apr%C3%A8s=1'],
      ['Livreur·se', '/links/3'],
    ]);
  });

  it('stops page numbers on the first empty page', async () => {
    const items = await all({ url: at('/pages'), schema: plain, select: (p) => p.items, paginate: { type: 'page', param: 'page' } });
    expect(items).toStrictEqual([
      ['p1', '/pages?page=1'],
      ['p2', '/pages?page=2'],
    ]);
  });

  it('sends the cursor back until the API stops giving one', async () => {
    const items = await all({
      url: at('/cursor'),
      schema: cursored,
      select: (p) => p.items,
      paginate: { type: 'cursor', param: 'after', cursor: (p) => p.cursor },
    });
    expect(items.map(([item]) => item)).toStrictEqual(['c1', 'c2', 'c3']);
  });

  it('throws on a next link pointing back to a fetched page', async () => {
    const run = all({ url: at('/loop/1'), schema: linked, select: (p) => p.items, paginate: { type: 'next', link: (p) => p.next } });
    await expect(run).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(run).rejects.toThrow(`${server.origin}/loop/2 points back to ${server.origin}/loop/1: pagination loop`);
  });

  it('throws when an API ignoring the offset serves the same page again', async () => {
    const run = all({ url: at('/stuck'), schema: plain, select: (p) => p.items, paginate: { type: 'offset', offset: 'offset', limit: 'limit', size: 2 } });
    await expect(run).rejects.toThrow(`${server.origin}/stuck?offset=2&limit=2 repeats an earlier page: pagination is not advancing`);
  });

  it('throws past maxPages rather than returning a partial listing', async () => {
    const run = all({ url: at('/links/1'), schema: linked, select: (p) => p.items, paginate: { type: 'next', link: (p) => p.next }, maxPages: 2 });
    await expect(run).rejects.toBeInstanceOf(PageLimitError);
    await expect(run).rejects.toThrow(`${server.origin}/links/1: more than 2 pages, stopped before ${server.origin}/links/3 (listing incomplete)`);
  });

  it('names the URL and quotes the first 160 characters of a body that is not JSON', async () => {
    const run = all({ url: at('/html'), schema: plain, select: (p) => p.items });
    await expect(run).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(run).rejects.toThrow(
      `${server.origin}/html did not return JSON (status 200, text/html; charset=utf-8): ` +
        `"<!doctype html> <html><head><title>Connexion</title></head><body>${'x'.repeat(95)}…"`,
    );
  });

  it('lists where the JSON differs from the expected shape', async () => {
    const run = all({ url: at('/shape'), schema: plain, select: (p) => p.items });
    await expect(run).rejects.toThrow(`${server.origin}/shape returned JSON of an unexpected shape: items.0: Invalid input: expected string, received number`);
  });

  it('makes one-line excerpts', () => {
    expect(excerpt('  \n ')).toBe('(empty body)');
    expect(excerpt('{"a":\n  1}')).toBe('"{\\"a\\": 1}"');
  });
});
