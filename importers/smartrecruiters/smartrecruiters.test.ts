import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStatusError } from '../sdk/errors';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { normaliseExtracted } from '../sdk/normalise';
import { smartrecruiters } from './index';

const BASE = '/v1/companies/AeroDauphine/postings';
const IDS = ['744000012345601', '744000012345602', '744000012345603'] as const;
const fixture = (name: string) => ({ body: { file: new URL(`./fixtures/${name}`, import.meta.url) } });

describe('smartrecruiters importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const config = () => smartrecruiters.configSchema.parse({ companyId: 'AeroDauphine', pageSize: 2, detailConcurrency: 2, baseUrl: server.origin });

  beforeAll(async () => {
    const routes = {
      [`${BASE}?offset=0&limit=2`]: fixture('postings-offset-0.json'),
      [`${BASE}?offset=2&limit=2`]: fixture('postings-offset-2.json'),
      ...Object.fromEntries(IDS.map((id) => [`${BASE}/${id}`, fixture(`posting-${id}.json`)])),
    };
    server = await serveFixtures(routes);
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('pages the list by offset until totalFound and reads each posting from its detail', async () => {
    server.requests.length = 0;
    const jobs = await collect(smartrecruiters.extract(ctx, config()));
    // The two details of a batch are requested together: their relative order is not fixed.
    expect(server.requests[0]).toBe(`${BASE}?offset=0&limit=2`);
    expect(server.requests.slice(1, 3).sort()).toStrictEqual([`${BASE}/${IDS[0]}`, `${BASE}/${IDS[1]}`]);
    expect(server.requests.slice(3)).toStrictEqual([`${BASE}?offset=2&limit=2`, `${BASE}/${IDS[2]}`]);
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual(IDS.map((id) => `${server.origin}${BASE}/${id}`));
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '744000012345601',
        title: 'Ingénieur·e Méthodes (H/F)',
        description:
          '<h3>Qui sommes-nous ?</h3><p>Aéro Dauphiné conçoit des équipements de cabine depuis 1987.</p>\n' +
          '<h3>Description du poste</h3><p>Vous industrialisez les nouvelles pièces et optimisez les gammes de fabrication.</p>\n' +
          '<h3>Qualifications</h3><ul><li>Diplôme d’ingénieur</li><li>Maîtrise de CATIA V5</li></ul>',
        locations: [{ city: 'Grenoble', region: 'Auvergne-Rhône-Alpes', postalCode: '38000', country: 'fr', remote: false }],
        contractType: ['Full-time', 'permanent'],
        contractLabel: 'Full-time',
        department: 'Production',
        salary: null,
        applyUrl: 'https://jobs.smartrecruiters.com/AeroDauphine/744000012345601',
        postedAt: '2024-03-06T08:15:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '744000012345602',
        title: 'Technicien·ne de maintenance aéronautique – CDD 6 mois',
        description:
          '<h3>Description du poste</h3><p>Entretien préventif des équipements au sol &amp; en cabine.</p>\n' +
          '<h3>Qualifications</h3><p>Licence B1 appréciée.</p>',
        locations: [{ city: 'Saint-Étienne-de-Saint-Geoirs', region: 'Auvergne-Rhône-Alpes', postalCode: null, country: 'fr', remote: false }],
        contractType: ['Temporary', 'temporary'],
        contractLabel: 'Temporary',
        department: null,
        salary: null,
        applyUrl: 'https://jobs.smartrecruiters.com/AeroDauphine/744000012345602',
        postedAt: '2024-02-20T13:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '744000012345603',
        title: 'Product Owner Données de vol',
        description: '<h3>Description du poste</h3><p>Vous priorisez le backlog de la plateforme de données de vol.</p>',
        locations: [{ city: 'Genève', region: 'Genève', postalCode: null, country: 'ch', remote: true }],
        contractType: ['Contract', 'contract'],
        contractLabel: 'Contract',
        department: 'Numérique',
        salary: null,
        applyUrl: 'https://jobs.smartrecruiters.com/AeroDauphine/744000012345603',
        postedAt: '2024-03-11T09:30:00.000Z',
        updatedAt: null,
      },
    ]);
  });

  it('normalises lower-case country codes and English employment labels', async () => {
    expect(normaliseAll(await collect(smartrecruiters.extract(ctx, config())))).toStrictEqual([
      {
        externalId: '744000012345601',
        title: 'Ingénieur·e Méthodes (H/F)',
        description:
          '<h3>Qui sommes-nous ?</h3><p>Aéro Dauphiné conçoit des équipements de cabine depuis 1987.</p>' +
          '<h3>Description du poste</h3><p>Vous industrialisez les nouvelles pièces et optimisez les gammes de fabrication.</p>' +
          '<h3>Qualifications</h3><ul><li>Diplôme d’ingénieur</li><li>Maîtrise de CATIA V5</li></ul>',
        locations: [{ city: 'Grenoble', region: 'Auvergne-Rhône-Alpes', postalCode: '38000', country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'Full-time',
        department: 'Production',
        salary: null,
        applyUrl: 'https://jobs.smartrecruiters.com/AeroDauphine/744000012345601',
        postedAt: '2024-03-06T08:15:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '744000012345602',
        title: 'Technicien·ne de maintenance aéronautique – CDD 6 mois',
        description:
          '<h3>Description du poste</h3><p>Entretien préventif des équipements au sol &amp; en cabine.</p>' +
          '<h3>Qualifications</h3><p>Licence B1 appréciée.</p>',
        locations: [{ city: 'Saint-Étienne-de-Saint-Geoirs', region: 'Auvergne-Rhône-Alpes', postalCode: null, country: 'FR', remote: false }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'Temporary',
        department: null,
        salary: null,
        applyUrl: 'https://jobs.smartrecruiters.com/AeroDauphine/744000012345602',
        postedAt: '2024-02-20T13:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '744000012345603',
        title: 'Product Owner Données de vol',
        description: '<h3>Description du poste</h3><p>Vous priorisez le backlog de la plateforme de données de vol.</p>',
        locations: [{ city: 'Genève', region: 'Genève', postalCode: null, country: 'CH', remote: true }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'Contract',
        department: 'Numérique',
        salary: null,
        applyUrl: 'https://jobs.smartrecruiters.com/AeroDauphine/744000012345603',
        postedAt: '2024-03-11T09:30:00.000Z',
        updatedAt: null,
      },
    ]);
  });

  it('makes a posting whose detail is gone (404) an invalid record, still listed, instead of failing the run', async () => {
    const gone = await serveFixtures({
      [`${BASE}?offset=0&limit=2`]: fixture('postings-offset-0.json'),
      [`${BASE}?offset=2&limit=2`]: fixture('postings-offset-2.json'),
      ...Object.fromEntries(IDS.filter((id) => id !== IDS[1]).map((id) => [`${BASE}/${id}`, fixture(`posting-${id}.json`)])),
    });
    try {
      const jobs = await collect(smartrecruiters.extract(ctx, { ...config(), baseUrl: gone.origin }));
      expect(jobs.map((j) => j.raw.externalId)).toStrictEqual([...IDS]);
      const [, missing] = jobs;
      const detailUrl = `${gone.origin}${BASE}/${IDS[1]}`;
      expect(missing).toStrictEqual({
        raw: { externalId: IDS[1], title: 'Technicien·ne de maintenance aéronautique – CDD 6 mois' },
        sourceUrl: detailUrl,
        errors: [{ field: '(detail)', message: `posting detail ${detailUrl} answered HTTP 404: the job cannot be read` }],
      });
      expect(normaliseExtracted(missing!)).toStrictEqual({ ok: false, errors: missing!.errors });
      expect(jobs.filter((j) => normaliseExtracted(j).ok)).toHaveLength(2);
    } finally {
      await gone.close();
    }
  });

  it('still fails the run when the detail API itself fails (5xx)', async () => {
    const down = await serveFixtures({
      [`${BASE}?offset=0&limit=2`]: fixture('postings-offset-0.json'),
      [`${BASE}/${IDS[0]}`]: { status: 503, body: 'unavailable' },
      [`${BASE}/${IDS[1]}`]: fixture(`posting-${IDS[1]}.json`),
    });
    try {
      const run = collect(smartrecruiters.extract(ctx, { ...config(), baseUrl: down.origin }));
      await expect(run).rejects.toBeInstanceOf(HttpStatusError);
      await expect(run).rejects.toMatchObject({ status: 503 });
    } finally {
      await down.close();
    }
  });
});
