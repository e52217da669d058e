import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractContext, type ExtractedJob, type ExtractObserver, type Job, normaliseJob } from '../sdk';
import { startTestServer, type TestServer } from '../sdk/testing/http-server';
import { demoCareers } from './index';

// path → [fixture file, Content-Type]. Job 103 comes without a charset header, as the real site sends it.
const SITE: Record<string, [string, string]> = {
  '/emplois': ['emplois-page-1.html', 'text/html; charset=utf-8'],
  '/emplois?page=2': ['emplois-page-2.html', 'text/html; charset=utf-8'],
  '/emploi/101-ingenieur-etudes.html': ['emploi-101.html', 'text/html; charset=utf-8'],
  '/emploi/102-chargee-recrutement.html': ['emploi-102.html', 'text/html; charset=utf-8'],
  '/emploi/103-comptable-fournisseurs.html': ['emploi-103.windows-1252.html', 'text/html'],
  '/emploi/104-stage-marketing.html': ['emploi-104.html', 'text/html; charset=utf-8'],
};

// Written by hand from the fixtures. Hashes: sha256 of the sorted-key JSON of the other fields, cross-checked with
// an implementation independent of the SDK's.
const EXPECTED: Job[] = [
  {
    externalId: '101',
    title: 'Ingénieur d’études H/F',
    description:
      '<h2>Vos missions</h2><ul><li>Concevoir les études techniques de nos projets de génie climatique</li>' +
      '<li>Chiffrer les coûts et suivre les approvisionnements</li></ul>' +
      '<p>Poste basé à <strong>Lyon</strong>, déplacements ponctuels en région.</p>' +
      '<p>En savoir plus sur <a href="https://www.demo-careers.fr/notre-groupe">notre groupe</a> ou discuter avec nous.</p>',
    locations: [{ city: 'Lyon', region: null, postalCode: null, country: 'FR', remote: false }],
    contractType: 'permanent',
    workingTime: null,
    contractLabel: 'CDI',
    department: 'Bureau d’études',
    salary: { min: 35000, max: 42000, currency: 'EUR', period: 'year' },
    applyUrl: 'https://candidature.demo-careers.fr/postuler?offre=101',
    postedAt: '2026-01-05T00:00:00.000Z',
    updatedAt: null,
    contentHash: '0c45d64460632992662111a7a635900bda3a72499c6e2ed0aedd91379f1dbbe5',
  },
  {
    externalId: '102',
    title: 'Chargé·e de recrutement H/F',
    description:
      '<p>Au sein de l’équipe RH, vous pilotez les recrutements de nos agences d’Île-de-France.</p>' +
      '<p>Remplacement d’un congé maternité.</p>',
    locations: [{ city: 'Paris', region: null, postalCode: null, country: 'FR', remote: false }],
    contractType: 'fixed_term',
    workingTime: null,
    contractLabel: 'CDD - 6 mois',
    department: 'Ressources humaines',
    salary: null,
    applyUrl: null,
    postedAt: '2026-01-12T00:00:00.000Z',
    updatedAt: null,
    contentHash: '4010657b49f46dc1a7c554fdd51e386bed88345d149635677ad2323412c72e7d',
  },
  {
    externalId: '103',
    title: 'Comptable fournisseurs H/F',
    description:
      '<p>Au cœur de notre direction financière, vous gérez la comptabilité fournisseurs.</p>' +
      '<p>Vous êtes rigoureux·se et maîtrisez les règlements en €.</p>',
    locations: [{ city: 'Bordeaux', region: null, postalCode: null, country: 'FR', remote: false }],
    contractType: 'permanent',
    workingTime: null,
    contractLabel: 'CDI',
    department: 'Comptabilité & finances',
    salary: { min: 28000, max: 32000, currency: 'EUR', period: 'year' },
    applyUrl: 'https://candidature.demo-careers.fr/postuler?offre=103',
    postedAt: '2026-02-01T00:00:00.000Z',
    updatedAt: null,
    contentHash: '028ab5aca0a598e1d51ad5e13942663655b58a029d0044ed7c5d99ef56901871',
  },
  {
    externalId: '104',
    title: 'Stage – Assistant(e) marketing digital',
    description:
      '<p>Stage de 6 mois à partir de mars 2026.</p>' +
      '<p>Vous animerez nos réseaux sociaux et nos campagnes d’e-mailing.</p>',
    locations: [{ city: 'Nantes', region: null, postalCode: null, country: 'FR', remote: true }],
    contractType: 'internship',
    workingTime: null,
    contractLabel: 'Stage',
    department: 'Marketing & communication',
    salary: { min: 1200, max: 1200, currency: 'EUR', period: 'month' },
    applyUrl: 'https://candidature.demo-careers.fr/postuler?offre=104',
    postedAt: '2026-02-20T00:00:00.000Z',
    updatedAt: null,
    contentHash: '71c9b65b9cceda8c7504483cc5046e261adc9f4333dce3defd752d74ece12656',
  },
];

describe('demo-careers importer', () => {
  let server: TestServer;
  let extracted: ExtractedJob[];
  const pages: Parameters<ExtractObserver['page']>[0][] = [];

  beforeAll(async () => {
    server = await startTestServer(async (req, res) => {
      const route = SITE[req.url ?? ''];
      if (!route) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Page introuvable</h1>');
      const body = await readFile(new URL(`./fixtures/${route[0]}`, import.meta.url));
      res.writeHead(200, { 'content-type': route[1] }).end(body);
    });
    const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'] }, {
      page: (p) => pages.push(p),
      selector: () => undefined,
      progress: () => undefined,
    });
    try {
      const config = demoCareers.configSchema.parse({ listUrls: [`${server.origin}/emplois`] });
      extracted = [];
      for await (const job of demoCareers.extract(ctx, config)) extracted.push(job);
    } finally {
      await ctx.close();
    }
  });

  afterAll(async () => {
    await server.close();
  });

  it('normalises to exactly the expected jobs, in listing order', () => {
    const jobs = extracted.map((e) => {
      const result = normaliseJob(e.raw, { baseUrl: e.sourceUrl });
      if (!result.ok) throw new Error(`${String(e.raw.externalId)}: ${JSON.stringify(result.errors)}`);
      return result.job;
    });
    expect(jobs).toEqual(EXPECTED);
  });

  it('reads each detail page once, job 102 included although the listing showed it twice', () => {
    expect(extracted.map((e) => e.sourceUrl)).toEqual([
      `${server.origin}/emploi/101-ingenieur-etudes.html`,
      `${server.origin}/emploi/102-chargee-recrutement.html`,
      `${server.origin}/emploi/103-comptable-fournisseurs.html`,
      `${server.origin}/emploi/104-stage-marketing.html`,
    ]);
    expect([...server.requests].sort()).toEqual(Object.keys(SITE).sort());
  });

  it('reports both list pages with the same layout fingerprint', () => {
    const list = pages.filter((p) => p.url.includes('/emplois'));
    expect(list.map((p) => p.url)).toEqual([`${server.origin}/emplois`, `${server.origin}/emplois?page=2`]);
    expect(list[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(list[1]?.fingerprint).toBe(list[0]?.fingerprint);
  });
});
