import { describe, expect, it } from 'vitest';
import { registry } from '../../importers/registry';
import { defineImporter } from '../../importers/sdk';
import { z } from 'zod';
import { allLoopback, configFields, sourceUrls, withUrl } from './url-override';

const URL = 'http://127.0.0.1:8080/offres';
const importer = (key: string) => registry.get(key)!;

describe('withUrl', () => {
  it('sets the main URL field of every registered importer, which its own schema then accepts', () => {
    const fields = Object.fromEntries([...registry.values()].map((i) => [i.key, withUrl(i, {}, URL).field]));
    expect(fields).toStrictEqual({
      'html-site': 'listUrls',
      'jsonld-site': 'urls',
      'demo-careers': 'listUrls',
      greenhouse: 'baseUrl',
      lever: 'baseUrl',
      recruitee: 'baseUrl',
      smartrecruiters: 'baseUrl',
      workable: 'baseUrl',
      personio: 'baseUrl',
      'multiposting-xml': 'feedUrl',
      feed: 'feedUrl',
    });
    expect(importer('multiposting-xml').configSchema.parse(withUrl(importer('multiposting-xml'), {}, URL).config)).toStrictEqual({ feedUrl: URL, itemElement: 'job' });
    expect(importer('demo-careers').configSchema.parse(withUrl(importer('demo-careers'), {}, URL).config)).toStrictEqual({ listUrls: [URL] });
  });

  it('keeps the rest of the configuration and replaces a jsonld listing rather than adding pages', () => {
    expect(withUrl(importer('greenhouse'), { boardToken: 'acme', baseUrl: 'https://boards-api.greenhouse.io' }, URL)).toStrictEqual({
      config: { boardToken: 'acme', baseUrl: URL },
      field: 'baseUrl',
    });
    expect(withUrl(importer('jsonld-site'), { listing: { urls: ['https://exemple.fr/offres'], links: 'a.offre' } }, URL)).toStrictEqual({
      config: { listing: { urls: [URL], links: 'a.offre' } },
      field: 'listing.urls',
    });
  });

  it('says which fields exist when none of them is a URL field it knows', () => {
    const custom = defineImporter({
      key: 'flux-maison',
      kind: 'json',
      description: 'test',
      configSchema: z.object({ endpoint: z.string(), token: z.string() }),
      defaultSchedule: '0 5 * * *',
      extract: async function* () {},
    });
    expect(() => withUrl(custom as never, {}, URL)).toThrow(
      '--url cannot be applied to importer "flux-maison": its configuration has none of listUrls, feedUrl, urls, baseUrl ' +
        '(its fields: endpoint, token); put the URL in --config instead',
    );
  });
});

describe('configFields, sourceUrls, allLoopback', () => {
  it('reads fields through intersections and refinements', () => {
    expect(configFields(importer('html-site').configSchema)).toStrictEqual([
      'listUrls',
      'item',
      'embedded',
      'expectedCount',
      'fields',
      'nextPage',
      'maxPages',
      'emptySelector',
      'detail',
      'detailConcurrency',
    ]);
    expect(configFields(importer('jsonld-site').configSchema)).toStrictEqual(['urls', 'listing', 'concurrency', 'idFrom', 'idPattern', 'organization']);
  });

  it('lists the start URLs, and allows private addresses only when all of them are on this machine', () => {
    expect(sourceUrls({ urls: ['http://localhost/a'], listing: { urls: ['http://127.0.0.2/b'] } })).toStrictEqual(['http://localhost/a', 'http://127.0.0.2/b']);
    expect(allLoopback(['http://localhost/a', 'http://127.0.0.2/b', 'http://[::1]:8080/'])).toBe(true);
    expect(allLoopback(['http://127.0.0.1/a', 'https://carrieres.exemple.fr/'])).toBe(false);
    expect(allLoopback(['http://10.0.0.5/flux.xml'])).toBe(false);
    expect(allLoopback([])).toBe(false);
  });
});
