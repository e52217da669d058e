import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { workable } from './index';
import { groupWorkableJobs, workableAccountSchema } from './map';

const FIXTURE = new URL('./fixtures/account.json', import.meta.url);
const PATH = '/api/accounts/fromagerie-des-alpes?details=true';

describe('workable importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const run = () => collect(workable.extract(ctx, workable.configSchema.parse({ subdomain: 'fromagerie-des-alpes', baseUrl: server.origin })));

  beforeAll(async () => {
    server = await serveFixtures({ [PATH]: { body: { file: FIXTURE } } });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('merges the per-location repeats of a shortcode into one job located at every entry', async () => {
    const jobs = await run();
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual(Array(3).fill(`${server.origin}${PATH}`));
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '8A1F2C3D4E',
        title: 'Responsable qualité (H/F)',
        description: '<p>Garant·e de la sécurité alimentaire de nos caves d’affinage.</p><ul><li>Audits HACCP</li></ul>',
        locations: [
          { city: 'Annecy', region: 'Auvergne-Rhône-Alpes', postalCode: '74000', country: 'France', remote: false },
          { city: 'Chambéry', region: 'Auvergne-Rhône-Alpes', postalCode: '73000', country: 'France', remote: false },
        ],
        contractType: 'Full-time',
        department: 'Qualité',
        salary: null,
        applyUrl: 'https://apply.workable.com/j/8A1F2C3D4E',
        postedAt: '2024-03-04',
        updatedAt: null,
      },
      {
        externalId: 'B7E6D5C4A3',
        title: "Vendeur·se en crèmerie – saison d'hiver",
        description: '<p>Conseil et vente à la coupe pour la clientèle des stations.</p>',
        locations: [{ city: "Val-d'Isère", region: 'Auvergne-Rhône-Alpes', postalCode: null, country: 'France', remote: false }],
        contractType: 'Temporary',
        department: 'Boutiques',
        salary: null,
        applyUrl: 'https://apply.workable.com/j/B7E6D5C4A3',
        postedAt: '2024-02-15',
        updatedAt: null,
      },
      {
        externalId: 'C0FFEE1234',
        title: 'Chef·fe de projet e-commerce',
        description: '<p>Pilotage de la boutique en ligne, 100 % télétravail.</p>',
        locations: [{ city: 'Genève', region: null, postalCode: null, country: 'Suisse', remote: true }],
        contractType: 'Contract',
        department: null,
        salary: null,
        applyUrl: 'https://apply.workable.com/j/C0FFEE1234',
        postedAt: '2024-03-10',
        updatedAt: null,
      },
    ]);
  });

  it('normalises bare publication dates to midnight UTC and French country names to codes', async () => {
    expect(normaliseAll(await run())).toStrictEqual([
      {
        externalId: '8A1F2C3D4E',
        title: 'Responsable qualité (H/F)',
        description: '<p>Garant·e de la sécurité alimentaire de nos caves d’affinage.</p><ul><li>Audits HACCP</li></ul>',
        locations: [
          { city: 'Annecy', region: 'Auvergne-Rhône-Alpes', postalCode: '74000', country: 'FR', remote: false },
          { city: 'Chambéry', region: 'Auvergne-Rhône-Alpes', postalCode: '73000', country: 'FR', remote: false },
        ],
        contractType: null,
        workingTime: 'full_time',
        contractLabel: 'Full-time',
        department: 'Qualité',
        salary: null,
        applyUrl: 'https://apply.workable.com/j/8A1F2C3D4E',
        postedAt: '2024-03-04T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'B7E6D5C4A3',
        title: "Vendeur·se en crèmerie – saison d'hiver",
        description: '<p>Conseil et vente à la coupe pour la clientèle des stations.</p>',
        locations: [{ city: "Val-d'Isère", region: 'Auvergne-Rhône-Alpes', postalCode: null, country: 'FR', remote: false }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'Temporary',
        department: 'Boutiques',
        salary: null,
        applyUrl: 'https://apply.workable.com/j/B7E6D5C4A3',
        postedAt: '2024-02-15T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'C0FFEE1234',
        title: 'Chef·fe de projet e-commerce',
        description: '<p>Pilotage de la boutique en ligne, 100 % télétravail.</p>',
        locations: [{ city: 'Genève', region: null, postalCode: null, country: 'CH', remote: true }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'Contract',
        department: null,
        salary: null,
        applyUrl: 'https://apply.workable.com/j/C0FFEE1234',
        postedAt: '2024-03-10T00:00:00.000Z',
        updatedAt: null,
      },
    ]);
  });

  it('groups the entries of each shortcode in first-seen order', async () => {
    const account = workableAccountSchema.parse(JSON.parse(await readFile(FIXTURE, 'utf8')));
    expect(groupWorkableJobs(account.jobs).map((entries) => entries.map((job) => [job.shortcode, job.city]))).toStrictEqual([
      [['8A1F2C3D4E', 'Annecy'], ['8A1F2C3D4E', 'Chambéry']],
      [['B7E6D5C4A3', "Val-d'Isère"]],
      [['C0FFEE1234', 'Genève']],
    ]);
  });
});
