import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '../sdk/errors';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { lever } from './index';
import { leverLocations, leverPostingSchema } from './map';

const LIST = '/v0/postings/ateliers-garonne?mode=json';
const fixture = (name: string) => ({ body: { file: new URL(`./fixtures/${name}`, import.meta.url) } });

describe('lever importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const config = (company = 'ateliers-garonne') => lever.configSchema.parse({ company, pageSize: 2, baseUrl: server.origin });

  beforeAll(async () => {
    server = await serveFixtures({
      [`${LIST}&skip=0&limit=2`]: fixture('postings-page-1.json'),
      [`${LIST}&skip=2&limit=2`]: fixture('postings-page-2.json'),
      '/v0/postings/inconnue?mode=json&skip=0&limit=2': { status: 200, body: '{"ok":false,"error":"Document not found"}' },
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('follows skip/limit pages until a short page and maps description, lists and salary', async () => {
    const jobs = await collect(lever.extract(ctx, config()));
    expect(server.requests).toStrictEqual([`${LIST}&skip=0&limit=2`, `${LIST}&skip=2&limit=2`]);
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual([
      `${server.origin}${LIST}&skip=0&limit=2`,
      `${server.origin}${LIST}&skip=0&limit=2`,
      `${server.origin}${LIST}&skip=2&limit=2`,
    ]);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '5f1c2a3b-8d4e-4f60-9a1b-2c3d4e5f6a7b',
        title: 'Data Engineer confirmé·e',
        description:
          '<div>Nous cherchons un·e <b>Data Engineer</b> pour fiabiliser nos flux.</div>\n' +
          "<h3>Vos missions</h3><ul><li>Construire les pipelines d'ingestion</li><li>Garantir la qualité des données</li></ul>\n" +
          "<h3>Profil recherché</h3><ul><li>3 ans d'expérience en Python</li></ul>\n" +
          '<div>Mutuelle prise en charge à 100 %, tickets restaurant.</div>',
        locations: [
          { city: 'Bordeaux', region: null, postalCode: null, country: 'FR', remote: false },
          // `country` is the primary location's; Lever says nothing of the others'.
          { city: 'Toulouse', region: null, postalCode: null, country: null, remote: false },
        ],
        contractType: 'CDI',
        department: 'Produit & Tech',
        salary: { min: 48000, max: 58000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://jobs.lever.co/ateliers-garonne/5f1c2a3b-8d4e-4f60-9a1b-2c3d4e5f6a7b',
        postedAt: 1709287200000,
        updatedAt: null,
      },
      {
        externalId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
        title: 'Designer UX/UI – mission',
        description: "Mission de 3 mois sur la refonte de l'espace client.",
        locations: [{ city: null, region: null, postalCode: null, country: null, remote: true }],
        contractType: 'Freelance',
        department: 'Design',
        salary: null,
        applyUrl: 'https://jobs.lever.co/ateliers-garonne/0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
        postedAt: 1706778000000,
        updatedAt: null,
      },
      {
        externalId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
        title: 'Alternant·e Supply Chain',
        description:
          "<div>Alternance de 12 mois au sein de l'entrepôt de Blagnac.</div>\n" +
          '<h3>Ce que vous apprendrez</h3><ul><li>La gestion des flux</li></ul>',
        locations: [{ city: 'Toulouse', region: null, postalCode: null, country: 'FR', remote: false }],
        contractType: 'Alternance',
        department: 'Opérations',
        salary: null,
        applyUrl: 'https://jobs.lever.co/ateliers-garonne/c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
        postedAt: 1710151200000,
        updatedAt: null,
      },
    ]);
  });

  it('normalises epoch createdAt to ISO UTC and the commitment wording to our types', async () => {
    const jobs = normaliseAll(await collect(lever.extract(ctx, config())));
    expect(jobs).toStrictEqual([
      {
        externalId: '5f1c2a3b-8d4e-4f60-9a1b-2c3d4e5f6a7b',
        title: 'Data Engineer confirmé·e',
        description:
          '<p>Nous cherchons un·e <b>Data Engineer</b> pour fiabiliser nos flux.</p>' +
          "<h3>Vos missions</h3><ul><li>Construire les pipelines d'ingestion</li><li>Garantir la qualité des données</li></ul>" +
          "<h3>Profil recherché</h3><ul><li>3 ans d'expérience en Python</li></ul>" +
          '<p>Mutuelle prise en charge à 100 %, tickets restaurant.</p>',
        locations: [
          { city: 'Bordeaux', region: null, postalCode: null, country: 'FR', remote: false },
          // `country` is the primary location's; Lever says nothing of the others'.
          { city: 'Toulouse', region: null, postalCode: null, country: null, remote: false },
        ],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: 'Produit & Tech',
        salary: { min: 48000, max: 58000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://jobs.lever.co/ateliers-garonne/5f1c2a3b-8d4e-4f60-9a1b-2c3d4e5f6a7b',
        postedAt: '2024-03-01T10:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
        title: 'Designer UX/UI – mission',
        description: "<p>Mission de 3 mois sur la refonte de l'espace client.</p>",
        locations: [{ city: null, region: null, postalCode: null, country: null, remote: true }],
        contractType: 'freelance',
        workingTime: null,
        contractLabel: 'Freelance',
        department: 'Design',
        salary: null,
        applyUrl: 'https://jobs.lever.co/ateliers-garonne/0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
        postedAt: '2024-02-01T09:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
        title: 'Alternant·e Supply Chain',
        description: "<p>Alternance de 12 mois au sein de l'entrepôt de Blagnac.</p><h3>Ce que vous apprendrez</h3><ul><li>La gestion des flux</li></ul>",
        locations: [{ city: 'Toulouse', region: null, postalCode: null, country: 'FR', remote: false }],
        contractType: 'apprenticeship',
        workingTime: null,
        contractLabel: 'Alternance',
        department: 'Opérations',
        salary: null,
        applyUrl: 'https://jobs.lever.co/ateliers-garonne/c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
        postedAt: '2024-03-11T10:00:00.000Z',
        updatedAt: null,
      },
    ]);
  });

  it('keeps the city of a remote posting, and reads a place that only says remote as no city', () => {
    const posting = (categories: Record<string, unknown>) =>
      leverPostingSchema.parse({ id: 'x', text: 'x', categories, workplaceType: 'remote', country: 'US' });
    expect(leverLocations(posting({ location: 'Chicago, IL' }))).toStrictEqual([{ city: 'Chicago, IL', region: null, postalCode: null, country: 'US', remote: true }]);
    expect(leverLocations(posting({ location: 'Remote', allLocations: ['Remote', 'Austin, TX'] }))).toStrictEqual([
      { city: null, region: null, postalCode: null, country: 'US', remote: true },
      { city: 'Austin, TX', region: null, postalCode: null, country: null, remote: true },
    ]);
    expect(leverLocations(posting({}))).toStrictEqual([{ city: null, region: null, postalCode: null, country: 'US', remote: true }]);
    expect(leverLocations(posting({ location: 'Télétravail - France' }))).toStrictEqual([{ city: null, region: null, postalCode: null, country: 'US', remote: true }]);
    expect(leverLocations(posting({ location: 'Remotely Park' }))?.[0]?.city).toBe('Remotely Park');
  });

  it('treats an error body for an unknown company as an invalid document, not an empty board', async () => {
    const run = collect(lever.extract(ctx, config('inconnue')));
    await expect(run).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(run).rejects.toThrow(`${server.origin}/v0/postings/inconnue?mode=json&skip=0&limit=2 returned JSON of an unexpected shape`);
  });
});
