import { afterEach, describe, expect, it } from 'vitest';
import type { ExtractedJob, ExtractObserver } from '../definition';
import { InvalidDocumentError, LayoutChangedError } from '../errors';
import { createExtractContext } from '../fetch';
import { normaliseJob } from '../normalise';
import { routes, startTestServer, type TestServer } from '../testing/http-server';
import { extractJsonLd, jsonldConfigSchema, type JsonldConfigInput } from './jsonld';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const jobPage = (jsonld: string): string =>
  `<html><head><title>Offre</title><script type="application/ld+json">${jsonld}</script></head><body><h1>Offre</h1></body></html>`;

// A full posting the way a careful site writes it.
const POSTING_1 = JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'JobPosting',
  title: 'Ingénieur d&#39;études H/F',
  identifier: { '@type': 'PropertyValue', name: 'Acme', value: 'REF-001' },
  description: '<p>Missions à <strong>Montréal</strong></p>',
  datePosted: '2026-01-05',
  employmentType: ['FULL_TIME', 'PART_TIME'],
  hiringOrganization: { '@type': 'Organization', name: 'Acme' },
  jobLocation: [
    { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Montréal', addressRegion: 'QC', postalCode: 'H2X 1Y4', addressCountry: { '@type': 'Country', name: 'CA' } } },
    { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Paris', addressCountry: 'FR' } },
  ],
  baseSalary: { '@type': 'MonetaryAmount', currency: 'CAD', value: { '@type': 'QuantitativeValue', minValue: 60000, maxValue: 75000, unitText: 'YEAR' } },
});

// What a CMS template really publishes: @graph, comments, trailing commas, a raw newline in a string, CDATA.
const POSTING_2 = `//<![CDATA[
{
  "@context": "https://schema.org",
  "@graph": [
    { "@type": "WebPage", "name": "Carrières" },
    {
      "@type": "JobPosting", // the one we want
      "title": "Développeuse Full-Stack",
      "identifier": "REF-002",
      "description": "Télétravail complet.
Équipe produit.",
      "datePosted": "Mon, 12 Jan 2026 09:00:00 +0100",
      "employmentType": "CONTRACTOR",
      "jobLocationType": "TELECOMMUTE",
      "applicantLocationRequirements": { "@type": "Country", "name": "France" },
      "baseSalary": { "@type": "MonetaryAmount", "currency": "EUR", "value": { "@type": "QuantitativeValue", "value": 550, "unitText": "DAY" } },
      "url": "/offres/dev-fullstack",
    },
  ]
}
//]]>`;

// HTML-escaped block with a description escaped twice.
const POSTING_3 = '{&quot;@type&quot;:&quot;JobPosting&quot;,&quot;name&quot;:&quot;Stage RH&quot;,&quot;identifier&quot;:3,&quot;description&quot;:&quot;&amp;lt;p&amp;gt;Stage de 6 mois&amp;lt;/p&amp;gt;&quot;,&quot;employmentType&quot;:&quot;INTERN&quot;,&quot;jobLocation&quot;:{&quot;@type&quot;:&quot;Place&quot;,&quot;address&quot;:&quot;Lyon&quot;},&quot;hiringOrganization&quot;:&quot;Acme Retail&quot;}';

type Selector = Parameters<ExtractObserver['selector']>[0];

async function run(table: Parameters<typeof routes>[0], config: (origin: string) => JsonldConfigInput): Promise<{ jobs: ExtractedJob[]; server: TestServer; selectors: Selector[] }> {
  const server = await startTestServer(routes(table));
  cleanups.push(() => server.close());
  const selectors: Selector[] = [];
  const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'] }, { page: () => undefined, selector: (s) => selectors.push(s), progress: () => undefined });
  cleanups.push(() => ctx.close());
  const jobs: ExtractedJob[] = [];
  for await (const job of extractJsonLd(ctx, jsonldConfigSchema.parse(config(server.origin)))) jobs.push(job);
  return { jobs, server, selectors };
}

const site = {
  '/carrieres': { body: '<ul><li><a class="job" href="/offres/1">1</a></li><li><a class="job" href="/offres/2#top">2</a></li></ul><a rel="next" href="/carrieres?p=2">›</a>' },
  '/carrieres?p=2': { body: '<ul><li><a class="job" href="/offres/3">3</a></li><li><a class="job" href="/offres/4">4</a></li><li><a class="job" href="/offres/1">1</a></li><li><a class="job" href="javascript:void(0)">x</a></li></ul>' },
  '/offres/1': { body: jobPage(POSTING_1) },
  '/offres/2': { body: jobPage(POSTING_2) },
  '/offres/3': { body: jobPage(POSTING_3) },
  // /offres/4 is gone (404): closed after the listing was read.
};

describe('extractJsonLd', () => {
  it('follows listing links across pages and maps every JobPosting shape', async () => {
    const { jobs, server } = await run(site, (o) => ({ listing: { urls: [`${o}/carrieres`], links: 'a.job', nextPage: 'a[rel=next]' } }));
    const o = server.origin;
    expect(jobs).toEqual([
      {
        sourceUrl: `${o}/offres/1`,
        raw: {
          externalId: 'REF-001',
          title: 'Ingénieur d&#39;études H/F',
          description: '<p>Missions à <strong>Montréal</strong></p>',
          locations: [
            { city: 'Montréal', region: 'QC', postalCode: 'H2X 1Y4', country: 'CA', remote: false },
            { city: 'Paris', region: null, postalCode: null, country: 'FR', remote: false },
          ],
          contractType: ['FULL_TIME', 'PART_TIME'],
          department: null,
          salary: { min: 60000, max: 75000, currency: 'CAD', period: 'YEAR' },
          applyUrl: `${o}/offres/1`,
          postedAt: '2026-01-05',
          updatedAt: null,
        },
      },
      {
        sourceUrl: `${o}/offres/2`,
        raw: {
          externalId: 'REF-002',
          title: 'Développeuse Full-Stack',
          description: 'Télétravail complet.\nÉquipe produit.',
          locations: [{ city: null, region: null, postalCode: null, country: 'France', remote: true }],
          contractType: ['CONTRACTOR'],
          department: null,
          salary: { min: 550, max: 550, currency: 'EUR', period: 'DAY' },
          applyUrl: `${o}/offres/dev-fullstack`,
          postedAt: 'Mon, 12 Jan 2026 09:00:00 +0100',
          updatedAt: null,
        },
      },
      {
        sourceUrl: `${o}/offres/3`,
        raw: {
          externalId: '3',
          title: 'Stage RH',
          description: '<p>Stage de 6 mois</p>',
          locations: [{ city: 'Lyon', region: null, postalCode: null, country: null, remote: false }],
          contractType: ['INTERN'],
          department: null,
          salary: null,
          applyUrl: `${o}/offres/3`,
          postedAt: null,
          updatedAt: null,
        },
      },
    ]);
    // Job pages are fetched concurrently: their arrival order is not fixed. /offres/1 is not fetched twice.
    expect(server.requests[0]).toBe('/carrieres');
    expect([...server.requests].sort()).toEqual(['/carrieres', '/carrieres?p=2', '/offres/1', '/offres/2', '/offres/3', '/offres/4']);
  });

  it('produces records that normalise to valid jobs', async () => {
    const { jobs } = await run(site, (o) => ({ urls: [`${o}/offres/2`] }));
    const result = normaliseJob(jobs[0]!.raw, { baseUrl: jobs[0]!.sourceUrl });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { contentHash: _hash, applyUrl, ...job } = result.job;
    expect(applyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/offres\/dev-fullstack$/);
    expect(job).toEqual({
      externalId: 'REF-002',
      title: 'Développeuse Full-Stack',
      description: '<p>Télétravail complet.<br>Équipe produit.</p>',
      locations: [{ city: null, region: null, postalCode: null, country: 'FR', remote: true }],
      contractType: 'freelance',
      workingTime: null,
      contractLabel: 'CONTRACTOR',
      department: null,
      salary: { min: 550, max: 550, currency: 'EUR', period: 'day' },
      postedAt: '2026-01-12T08:00:00.000Z',
      updatedAt: null,
    });
  });

  it('takes ids from the URL with a pattern, and filters by hiring organization', async () => {
    const { jobs } = await run(site, (o) => ({ urls: [`${o}/offres/1`, `${o}/offres/3`], idFrom: 'url', idPattern: '/offres/(\\d+)', organization: '^acme retail$' }));
    expect(jobs.map((j) => [j.raw.externalId, j.raw.title])).toEqual([['3', 'Stage RH']]);
  });

  it('reads postings on the listing pages themselves when no link selector is given', async () => {
    const list = `<script type="application/ld+json">[${POSTING_1}, {"@type":"JobPosting","title":"Autre","identifier":"REF-009"}]</script>`;
    const { jobs, selectors } = await run({ '/jobs': { body: list } }, (o) => ({ listing: { urls: [`${o}/jobs`] } }));
    expect(jobs.map((j) => j.raw.externalId)).toEqual(['REF-001', 'REF-009']);
    expect(selectors.map((s) => [s.field, s.matched])).toEqual([['@jsonld', 1], ['@JobPosting', 2]]);
  });

  it('fails on unreadable JSON-LD, on a listing without links, and when no page has a posting', async () => {
    const table = {
      '/bad': { body: jobPage('{"@type": "JobPosting", "title": }') },
      '/plain': { body: '<html><body>Pas de données structurées</body></html>' },
      '/list': { body: '<div class="offres"></div>' },
    };
    const bad = await run(table, (o) => ({ urls: [`${o}/bad`] })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidDocumentError);
    expect((bad as Error).message).toMatch(/^Unreadable JSON-LD on http:\/\/127\.0\.0\.1:\d+\/bad: /);
    const noLinks = await run(table, (o) => ({ listing: { urls: [`${o}/list`], links: 'a.job' } })).catch((e: unknown) => e);
    expect(noLinks).toBeInstanceOf(LayoutChangedError);
    expect((noLinks as LayoutChangedError).selector).toBe('a.job');
    const none = await run(table, (o) => ({ urls: [`${o}/plain`] })).catch((e: unknown) => e);
    expect((none as Error).message).toBe('No JobPosting found: 1 page(s) without one, 0 job page(s) gone (404/410)');
  });

  it('requires urls or a listing', () => {
    expect(jsonldConfigSchema.safeParse({}).error?.issues.map((i) => i.message)).toEqual(['give urls or a listing']);
  });
});
