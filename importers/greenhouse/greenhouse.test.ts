import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStatusError } from '../sdk/errors';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { greenhouse } from './index';

const PATH = '/v1/boards/maisonlumiere/jobs?content=true';

describe('greenhouse importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const config = (overrides: Record<string, unknown> = {}) =>
    greenhouse.configSchema.parse({ boardToken: 'maisonlumiere', contractTypeField: 'Type de contrat', workingTimeField: 'Temps de travail', baseUrl: server.origin, ...overrides });

  beforeAll(async () => {
    server = await serveFixtures({ [PATH]: { body: { file: new URL('./fixtures/jobs.json', import.meta.url) } } });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('reads every job of the board in one request, content unescaped once', async () => {
    const jobs = await collect(greenhouse.extract(ctx, config()));
    const sourceUrl = `${server.origin}${PATH}`;
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual([sourceUrl, sourceUrl, sourceUrl]);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '4012345007',
        title: 'Développeur·se Backend Senior (Node.js)',
        description:
          '<h3>Vos missions</h3>\n<p>Concevoir l&rsquo;API de réservation et améliorer la qualité du code.</p>\n<ul>\n' +
          '<li>Écrire des tests fiables</li>\n<li>Participer à l&#39;astreinte</li>\n</ul>',
        locations: [{ city: 'Paris', region: 'Île-de-France', postalCode: null, country: 'France', remote: false }],
        contractType: 'CDI',
        workingTime: null,
        department: 'Ingénierie',
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012345007',
        baseUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012345007',
        postedAt: '2024-02-01T09:00:00-05:00',
        updatedAt: '2024-03-12T10:15:32-04:00',
      },
      {
        externalId: '4012399007',
        title: 'Stagiaire Marketing Produit – Été 2024',
        description: '<p>Rejoignez l&#39;équipe Marketing pour un stage de 6 mois.</p>',
        locations: [{ city: null, region: null, postalCode: null, country: 'France', remote: true }],
        contractType: 'Stage',
        workingTime: null,
        department: null,
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012399007',
        baseUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012399007',
        postedAt: null,
        updatedAt: '2024-03-05T16:40:00-05:00',
      },
      {
        externalId: '4012400007',
        title: 'Chargé·e de clientèle',
        description: '<p>Accueillir nos clients à Lyon &amp; Villeurbanne.</p>',
        locations: [
          { city: 'Lyon', region: null, postalCode: null, country: null, remote: false },
          { city: 'Villeurbanne', region: null, postalCode: null, country: null, remote: false },
        ],
        contractType: 'CDD 8 mois',
        workingTime: 'Temps partiel 24 h',
        department: 'Service client',
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012400007',
        baseUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012400007',
        postedAt: null,
        updatedAt: '2024-03-14T08:00:00-04:00',
      },
    ]);
    expect(ctx.pages).toContainEqual({ url: sourceUrl, status: 200, bytes: 3143 });
  });

  it('normalises to UTC dates, ISO countries and sanitised HTML with accents intact', async () => {
    const jobs = normaliseAll(await collect(greenhouse.extract(ctx, config())));
    expect(jobs).toStrictEqual([
      {
        externalId: '4012345007',
        title: 'Développeur·se Backend Senior (Node.js)',
        description:
          '<h3>Vos missions</h3><p>Concevoir l’API de réservation et améliorer la qualité du code.</p>' +
          "<ul><li>Écrire des tests fiables</li><li>Participer à l'astreinte</li></ul>",
        locations: [{ city: 'Paris', region: 'Île-de-France', postalCode: null, country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: 'Ingénierie',
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012345007',
        postedAt: '2024-02-01T14:00:00.000Z',
        updatedAt: '2024-03-12T14:15:32.000Z',
      },
      {
        externalId: '4012399007',
        title: 'Stagiaire Marketing Produit – Été 2024',
        description: "<p>Rejoignez l'équipe Marketing pour un stage de 6 mois.</p>",
        locations: [{ city: null, region: null, postalCode: null, country: 'FR', remote: true }],
        contractType: 'internship',
        workingTime: null,
        contractLabel: 'Stage',
        department: null,
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012399007',
        postedAt: null,
        updatedAt: '2024-03-05T21:40:00.000Z',
      },
      {
        externalId: '4012400007',
        title: 'Chargé·e de clientèle',
        description: '<p>Accueillir nos clients à Lyon &amp; Villeurbanne.</p>',
        locations: [
          { city: 'Lyon', region: null, postalCode: null, country: null, remote: false },
          { city: 'Villeurbanne', region: null, postalCode: null, country: null, remote: false },
        ],
        contractType: 'fixed_term',
        workingTime: 'part_time',
        contractLabel: 'CDD 8 mois, Temps partiel 24 h',
        department: 'Service client',
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/maisonlumiere/jobs/4012400007',
        postedAt: null,
        updatedAt: '2024-03-14T12:00:00.000Z',
      },
    ]);
  });

  it('leaves the contract type empty when no metadata field is configured', async () => {
    const jobs = await collect(greenhouse.extract(ctx, config({ contractTypeField: undefined, workingTimeField: undefined })));
    expect(jobs.map((j) => [j.raw.contractType, j.raw.workingTime])).toStrictEqual([[null, null], [null, null], [null, null]]);
  });

  it('still reads a stored configuration naming the field employmentTypeField', async () => {
    const jobs = await collect(greenhouse.extract(ctx, config({ contractTypeField: undefined, employmentTypeField: 'Type de contrat' })));
    expect(jobs.map((j) => j.raw.contractType)).toStrictEqual(['CDI', 'Stage', 'CDD 8 mois']);
  });

  it('fails on an unknown board instead of returning an empty listing', async () => {
    const run = collect(greenhouse.extract(ctx, config({ boardToken: 'inconnu' })));
    await expect(run).rejects.toBeInstanceOf(HttpStatusError);
    await expect(run).rejects.toMatchObject({ status: 404, retryable: false });
  });

  it('rejects a board token that would change the API path', () => {
    expect(greenhouse.configSchema.safeParse({ boardToken: '../admin' }).success).toBe(false);
  });
});
