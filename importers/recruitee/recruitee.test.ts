import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '../sdk/errors';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { recruitee } from './index';
import { recruiteeDate } from './map';

describe('recruitee importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;

  beforeAll(async () => {
    server = await serveFixtures({
      '/api/offers/': { body: { file: new URL('./fixtures/offers.json', import.meta.url) } },
      '/maintenance/api/offers/': { contentType: 'text/html; charset=utf-8', body: '<html><body><h1>Maintenance en cours</h1></body></html>' },
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  const run = (baseUrl = server.origin) => collect(recruitee.extract(ctx, recruitee.configSchema.parse({ company: 'transports-armor', baseUrl })));

  it('maps offers, combining schedule and contract codes and rewriting "UTC" dates', async () => {
    const jobs = await run();
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual(Array(3).fill(`${server.origin}/api/offers/`));
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '1487213',
        title: "Responsable d'agence – Nantes (H/F)",
        description:
          '<p>Vous pilotez une agence de 12 collaborateurs et développez le portefeuille clients de la région nantaise.</p>\n' +
          "<ul><li>5 ans d'expérience en management</li><li>Permis B</li></ul>",
        locations: [{ city: 'Nantes', region: 'Pays de la Loire', postalCode: '44000', country: 'FR', remote: false }, { city: 'Saint-Nazaire', region: 'Pays de la Loire', postalCode: '44600', country: 'FR', remote: false }],
        contractType: 'fulltime_permanent',
        department: "Réseau d'agences",
        salary: { min: '42000', max: '48000', currency: 'EUR', period: 'year' },
        applyUrl: 'https://transports-armor.recruitee.com/o/responsable-dagence-nantes',
        postedAt: '2024-03-04T08:30:00Z',
        updatedAt: '2024-03-11T17:45:09Z',
      },
      {
        externalId: '1490877',
        title: 'Comptable à temps partiel',
        description: '<p>Tenue de la comptabilité fournisseurs, 24 h par semaine.</p>',
        locations: [{ city: 'Rennes', region: null, postalCode: null, country: 'FR', remote: false }],
        contractType: 'parttime_permanent',
        department: null,
        salary: null,
        applyUrl: 'https://transports-armor.recruitee.com/o/comptable-temps-partiel',
        postedAt: '2024-03-08T10:00:00Z',
        updatedAt: '2024-03-08T10:00:00Z',
      },
      {
        externalId: '1491002',
        title: 'Développeur·euse mobile (Flutter)',
        description: "<p>Application de suivi des livraisons en temps réel.</p>\n<p>Flutter, Dart, tests d'intégration.</p>",
        locations: [{ city: null, region: null, postalCode: null, country: 'BE', remote: true }],
        contractType: 'freelance',
        department: 'Tech',
        salary: null,
        applyUrl: 'https://transports-armor.recruitee.com/o/developpeur-euse-mobile',
        postedAt: '2024-03-12T16:20:00Z',
        updatedAt: '2024-03-12T16:20:00Z',
      },
    ]);
  });

  it('normalises to valid jobs with numeric salaries', async () => {
    expect(normaliseAll(await run())).toStrictEqual([
      {
        externalId: '1487213',
        title: "Responsable d'agence – Nantes (H/F)",
        description:
          '<p>Vous pilotez une agence de 12 collaborateurs et développez le portefeuille clients de la région nantaise.</p>' +
          "<ul><li>5 ans d'expérience en management</li><li>Permis B</li></ul>",
        locations: [{ city: 'Nantes', region: 'Pays de la Loire', postalCode: '44000', country: 'FR', remote: false }, { city: 'Saint-Nazaire', region: 'Pays de la Loire', postalCode: '44600', country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'fulltime_permanent',
        department: "Réseau d'agences",
        salary: { min: 42000, max: 48000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://transports-armor.recruitee.com/o/responsable-dagence-nantes',
        postedAt: '2024-03-04T08:30:00.000Z',
        updatedAt: '2024-03-11T17:45:09.000Z',
      },
      {
        externalId: '1490877',
        title: 'Comptable à temps partiel',
        description: '<p>Tenue de la comptabilité fournisseurs, 24 h par semaine.</p>',
        locations: [{ city: 'Rennes', region: null, postalCode: null, country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: 'part_time',
        contractLabel: 'parttime_permanent',
        department: null,
        salary: null,
        applyUrl: 'https://transports-armor.recruitee.com/o/comptable-temps-partiel',
        postedAt: '2024-03-08T10:00:00.000Z',
        updatedAt: '2024-03-08T10:00:00.000Z',
      },
      {
        externalId: '1491002',
        title: 'Développeur·euse mobile (Flutter)',
        description: "<p>Application de suivi des livraisons en temps réel.</p><p>Flutter, Dart, tests d'intégration.</p>",
        locations: [{ city: null, region: null, postalCode: null, country: 'BE', remote: true }],
        contractType: 'freelance',
        workingTime: null,
        contractLabel: 'freelance',
        department: 'Tech',
        salary: null,
        applyUrl: 'https://transports-armor.recruitee.com/o/developpeur-euse-mobile',
        postedAt: '2024-03-12T16:20:00.000Z',
        updatedAt: '2024-03-12T16:20:00.000Z',
      },
    ]);
  });

  it('reports an HTML page where JSON was expected with its URL and an excerpt', async () => {
    const failing = run(`${server.origin}/maintenance`);
    await expect(failing).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(failing).rejects.toThrow(
      `${server.origin}/maintenance/api/offers/ did not return JSON (status 200, text/html; charset=utf-8): ` +
        '"<html><body><h1>Maintenance en cours</h1></body></html>"',
    );
  });

  it('leaves dates that are not in the "UTC" form for normalisation to judge', () => {
    expect(recruiteeDate('2024-03-04 08:30:00 UTC')).toBe('2024-03-04T08:30:00Z');
    expect(recruiteeDate('2024-03-04T08:30:00+01:00')).toBe('2024-03-04T08:30:00+01:00');
    expect(recruiteeDate('  ')).toBeNull();
  });
});
