import { describe, expect, it } from 'vitest';
import { bareJob, useFixtures, place } from '../testing/corpus';
import { collect, normaliseAll } from './test-context';
import { extractJsonLd, jsonldConfigSchema } from './jsonld';

const file = (name: string) => ({ body: { file: new URL(`./fixtures/corpus/jsonld/${name}`, import.meta.url) } });
/**
 * Job pages in schema.org JobPosting (Google for Jobs): several `jobLocation`s with a repeat, an HTML-escaped
 * description and title, a remote posting with its city inside an `@graph`, Word-pasted markup, a page with two
 * identical postings and one with only its required fields, salaries with and without `unitText`.
 */
describe('json-ld kind fidelity corpus', () => {
  const fixtures = useFixtures({ '/emplois/md': file('multi-location.html'), '/emplois/sn': file('remote.html'), '/emplois/offres': file('sparse.html') });

  it('normalises every field of every posting', async () => {
    const { server, ctx } = fixtures;
    const config = jsonldConfigSchema.parse({ urls: ['/emplois/md', '/emplois/sn', '/emplois/offres'].map((p) => `${server.origin}${p}`) });
    const jobs = normaliseAll(await collect(extractJsonLd(ctx, config)));
    const page = `${server.origin}/emplois/offres`;
    expect(jobs).toStrictEqual([
      {
        externalId: 'MD-2024-17',
        // Escaped in the JSON: a tag-like word that stays text.
        title: 'Responsable de magasin <Senior> H/F',
        description: "<p>Vous pilotez l'équipe de vente.</p><ul><li>Gestion</li><li>Stocks</li></ul>",
        // Every jobLocation, the repeated one once; a country given by name.
        locations: [place('Paris', 'FR', { region: 'Île-de-France', postalCode: '75004' }), place('Bruxelles', 'BE', { postalCode: '1000' })],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'FULL_TIME, PERMANENT',
        department: null,
        // Amounts as strings, with a unit.
        salary: { min: 38000, max: 45000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://maison-dupont.example/emplois/md-2024-17',
        postedAt: '2024-05-06T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'SN-42',
        title: 'Développeur·se backend (Go)',
        // Word-pasted markup: styles, `o:p` and scripts go, the line breaks stay.
        description: '<p><b>Mission</b> :</p><p>Concevoir l’API.<br><br><br>Télétravail complet.</p>',
        // A telecommuting posting keeps its city.
        locations: [place('Lille', 'FR', { remote: true })],
        contractType: 'freelance',
        workingTime: null,
        contractLabel: 'CONTRACTOR',
        department: null,
        // One amount without unitText: a fixed amount, no period.
        salary: { min: 520, max: 520, currency: 'EUR', period: null },
        applyUrl: `${server.origin}/emplois/sn-42`,
        postedAt: '2024-04-29T08:00:00.000Z',
        updatedAt: null,
      },
      // Required fields only (the page is where to apply); the same posting twice on its page is read once.
      { ...bareJob('AE-1', "Agent d'entretien"), applyUrl: page },
      {
        externalId: '7',
        title: 'Chauffeur livreur',
        description: '<p>Livraisons &amp; tournées</p>',
        // An address given as plain text is a city.
        locations: [place('Rennes', null)],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'TEMPORARY',
        department: null,
        salary: { min: 11.65, max: null, currency: 'EUR', period: 'hour' },
        applyUrl: page,
        postedAt: null,
        updatedAt: null,
      },
    ]);
  });
});
