import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedJob } from '../sdk/definition';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { type FeedConfigInput, feedConfigSchema } from './config';
import { CONFIGS } from './fixtures/configs';
import { multipostingXml } from '../multiposting-xml';
import { feed } from './index';

const XML = 'application/xml; charset=utf-8';
const file = (name: string) => ({ file: new URL(`./fixtures/${name}`, import.meta.url) });

describe('feed importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const run = (path: string, config: Omit<FeedConfigInput, 'feedUrl'>): Promise<ExtractedJob[]> =>
    collect(feed.extract(ctx, feedConfigSchema.parse({ feedUrl: `${server.origin}${path}`, ...config })));
  /** The run with what it reported to the observer (field coverage and `@feed:*` notes). */
  const observed = async (path: string, config: Omit<FeedConfigInput, 'feedUrl'>) => {
    const notes: { field: string; selector: string; matched: number }[] = [];
    const recording = { ...ctx, observe: { ...ctx.observe, selector: ({ field, selector, matched }: { field: string; selector: string; matched: number }) => void notes.push({ field, selector, matched }) } };
    const jobs = await collect(feed.extract(recording, feedConfigSchema.parse({ feedUrl: `${server.origin}${path}`, ...config })));
    return { jobs, notes };
  };

  beforeAll(async () => {
    server = await serveFixtures({
      '/partenaires/cadremploi.xml': { contentType: XML, body: file('cadremploi.xml') },
      '/flux/regionsjob': { contentType: 'text/plain', body: file('regionsjob.xml') },
      '/rss/offres.rss': { contentType: 'application/rss+xml', body: file('talentsoft.rss') },
      '/api/job-ads?page=1': { body: file('digitalrecruiters-1.json') },
      '/api/job-ads?page=2': { body: file('digitalrecruiters-2.json') },
      '/export.json': { contentType: 'application/octet-stream', body: file('jobboard-export.json') },
      '/offres.xml': { contentType: XML, body: file('handmade.xml') },
      '/atom.xml': { contentType: 'application/atom+xml', body: file('atom.xml') },
      '/multi-sites.xml': {
        contentType: XML,
        body: '<offers><offer id="M-1"><title>Magasinier</title><site><city>Lyon</city><zip>69003</zip></site><site><city>Grenoble</city><zip></zip></site></offer></offers>',
      },
      '/indeed.xml': { contentType: XML, body: { file: new URL('../multiposting-xml/fixtures/feed.xml', import.meta.url) } },
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('reads a partner XML feed: attribute id, nested location, positions, value table, date format, relative link', async () => {
    const { jobs, notes } = await observed('/partenaires/cadremploi.xml', CONFIGS.cadremploi);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: 'CE-88121',
        title: 'Responsable paie (H/F)',
        // `&eacute;` inside CDATA is decoded once.
        description: '<p>Au sein de la DRH, vous pilotez la paie de 850 salariés.</p>',
        location: { city: 'Lyon', region: null, postalCode: '69003', country: 'France', remote: false },
        employmentType: 'CDI',
        department: 'Ressources humaines',
        salary: { min: '45000', max: '52000', currency: 'EUR', period: 'year' },
        applyUrl: `${server.origin}/offres/CE-88121?utm_source=partner`,
        postedAt: '2024-03-11T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'CE-88140',
        title: "Responsable d'entrepôt",
        description: '<p>Entrepôt de 12 000 m², équipe de 25 personnes.</p>',
        location: { city: 'Saint-Priest', region: null, postalCode: '69800', country: 'France', remote: false },
        employmentType: 'apprenticeship',
        department: null,
        salary: null,
        applyUrl: 'https://www.example-cadres.fr/offres/CE-88140',
        // 2024/13/40 cannot be a date: empty, and counted.
        postedAt: null,
        updatedAt: null,
      },
    ]);
    expect(notes).toContainEqual({ field: '@feed:unreadable-date', selector: 'dates that could not be read (left empty)', matched: 1 });
    expect(notes).toContainEqual({ field: '@feed:html-entity', selector: 'HTML entities decoded', matched: 1 });
    expect(notes).toContainEqual({ field: 'department', selector: 'category[2]', matched: 1 });
    expect(notes).toContainEqual({ field: 'externalId', selector: '@id', matched: 2 });
  });

  it('reads a RegionsJob-like feed served as text/plain: id from the link, title after its reference, city from the address', async () => {
    const jobs = await run('/flux/regionsjob', CONFIGS.regionsjob);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '55012',
        title: 'Technicien de maintenance (H/F)',
        description: "Maintenance préventive et curative d'une ligne de conditionnement.",
        location: { city: 'Rennes', region: null, postalCode: '35000', country: 'FR', remote: false },
        employmentType: 'CDD',
        department: null,
        salary: null,
        applyUrl: 'https://www.example-regions.fr/emploi/offre.aspx?id=55012&src=flux',
        postedAt: null,
        updatedAt: '2024-03-11T08:30:00.000Z',
      },
      {
        externalId: '55019',
        title: 'Assistant commercial',
        description: 'Suivi des commandes et relation clients.',
        location: { city: 'Nantes', region: null, postalCode: '44000', country: 'FR', remote: false },
        employmentType: 'Intérim',
        department: null,
        salary: null,
        applyUrl: 'https://www.example-regions.fr/emploi/offre.aspx?id=55019&src=flux',
        postedAt: null,
        updatedAt: '2024-03-09T17:05:00.000Z',
      },
    ]);
  });

  it('reads a Talentsoft RSS export with the rss preset, namespaced fields, a Java date and a C1 character repaired', async () => {
    const { jobs, notes } = await observed('/rss/offres.rss', CONFIGS.talentsoft);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '2024-1542',
        title: 'Chef de projet SIRH (H/F)',
        description: '<p>Pilotage du projet SIRH, budget 2 M€.</p>',
        location: { city: 'Paris', region: null, postalCode: null, country: null, remote: false },
        employmentType: 'CDI',
        department: "Systèmes d'information",
        salary: null,
        applyUrl: 'https://groupe-exemple.talent-soft.example/offre-de-emploi/emploi-chef-de-projet-sirh_1542.aspx',
        postedAt: 'Mon, 11 Mar 2024 09:15:00 +0100',
        updatedAt: '2024-03-12T09:00:00.000Z',
      },
      {
        externalId: '2024-1549',
        title: 'Contrôleur de gestion',
        description: '<p>Reporting mensuel.</p>',
        location: { city: 'Bordeaux', region: null, postalCode: null, country: null, remote: false },
        employmentType: 'CDD',
        department: 'Finance',
        salary: null,
        applyUrl: 'https://groupe-exemple.talent-soft.example/offre-de-emploi/emploi-controleur-de-gestion_1549.aspx',
        postedAt: 'Fri, 08 Mar 2024 14:00:00 GMT',
        updatedAt: '2024-03-09T18:30:00.000Z',
      },
    ]);
    expect(notes).toContainEqual({ field: '@feed:c1-repaired', selector: 'C1 control characters read as windows-1252', matched: 1 });
  });

  it('reads a paged DigitalRecruiters-like JSON API: nested objects, arrays of offices, value tables, total compared', async () => {
    const { jobs, notes } = await observed('/api/job-ads', CONFIGS.digitalrecruiters);
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual([`${server.origin}/api/job-ads?page=1`, `${server.origin}/api/job-ads?page=1`, `${server.origin}/api/job-ads?page=2`]);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: 'DR-40211',
        title: 'Infirmier de bloc opératoire (H/F)',
        description: '<p>Bloc de chirurgie ambulatoire.</p>',
        location: { city: 'Marseille', region: null, postalCode: '13008', country: 'FR', remote: false },
        employmentType: 'apprenticeship',
        department: 'Soins',
        salary: { min: '28000', max: '34000', currency: 'EUR', period: 'year' },
        applyUrl: `${server.origin}/annonces/40211`,
        postedAt: '2024-03-11T09:15:00+01:00',
        updatedAt: null,
      },
      {
        externalId: 'DR-40215',
        title: 'Aide-soignant de nuit',
        description: '<p>Service de gériatrie.</p>',
        location: { city: 'Toulon', region: null, postalCode: '83000', country: 'FR', remote: false },
        employmentType: 'CDI',
        department: 'Soins',
        salary: null,
        applyUrl: `${server.origin}/annonces/40215`,
        postedAt: '2024-03-08T14:00:00Z',
        updatedAt: null,
      },
      {
        externalId: 'DR-40230',
        title: 'Secrétaire médicale',
        description: '<p>Accueil et prise de rendez-vous.</p>',
        location: null,
        employmentType: 'CDD',
        department: 'Administration',
        salary: null,
        applyUrl: 'https://recrutement.example-sante.fr/annonces/40230',
        postedAt: null,
        updatedAt: null,
      },
    ]);
    expect(notes).toContainEqual({ field: '@feed:unreadable-date', selector: 'dates that could not be read (left empty)', matched: 1 });
    expect(notes.filter((n) => n.field === '@feed:total-mismatch')).toStrictEqual([]);
  });

  it('maps every office of a nested JSON item to locations[] (offices[*].city + offices[*].zip zipped by index)', async () => {
    const fields = { ...CONFIGS.digitalrecruiters.fields, city: 'offices[*].city', postalCode: 'offices[*].zip', country: 'offices[*].country' };
    const jobs = await run('/api/job-ads', { ...CONFIGS.digitalrecruiters, fields });
    expect(jobs.map((j) => [j.raw.locations, j.raw.location])).toStrictEqual([
      [
        [
          { city: 'Marseille', region: null, postalCode: '13008', country: 'FR', remote: false },
          { city: 'Aix-en-Provence', region: null, postalCode: '13100', country: 'FR', remote: false },
        ],
        undefined,
      ],
      // One office: the single place, as with offices[0]; no office: no place.
      [undefined, { city: 'Toulon', region: null, postalCode: '83000', country: 'FR', remote: false }],
      [undefined, null],
    ]);
    expect(normaliseAll(jobs.slice(0, 2)).map((j) => j.locations.map((l) => `${l.city} ${l.postalCode}`))).toStrictEqual([
      ['Marseille 13008', 'Aix-en-Provence 13100'],
      ['Toulon 83000'],
    ]);
  });

  it('maps repeated XML place elements to locations[], a single country shared by every place', async () => {
    const jobs = await run('/multi-sites.xml', {
      format: 'xml',
      items: 'offer',
      fields: { externalId: '@id', title: 'title', city: 'site/city', postalCode: 'site/zip', country: { value: 'FR' } },
    });
    expect(jobs.map((j) => j.raw.locations)).toStrictEqual([
      [
        { city: 'Lyon', region: null, postalCode: '69003', country: 'FR', remote: false },
        { city: 'Grenoble', region: null, postalCode: null, country: 'FR', remote: false },
      ],
    ]);
  });

  it('reads a job board export (top-level JSON array, detected from its first bytes): every tag joined, id from the link', async () => {
    const jobs = await run('/export.json', CONFIGS.jobboard);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: '7781',
        title: 'Vendeur en boulangerie',
        description: null,
        location: { city: 'Caen', region: null, postalCode: null, country: null, remote: false },
        employmentType: null,
        department: 'Commerce, Temps partiel',
        salary: null,
        applyUrl: 'https://www.example-board.fr/job?id=7781&campaign=export',
        postedAt: '2024-03-04T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '7790',
        title: 'Boulanger (H/F)',
        description: null,
        location: { city: 'Bayeux', region: null, postalCode: null, country: null, remote: false },
        employmentType: null,
        department: 'Artisanat',
        salary: null,
        applyUrl: 'https://www.example-board.fr/job?id=7790&campaign=export',
        postedAt: '2024-03-06T00:00:00.000Z',
        updatedAt: null,
      },
    ]);
  });

  it('reads a hand-built feed with bare & and HTML entities instead of refusing it, and says so', async () => {
    const { jobs, notes } = await observed('/offres.xml', CONFIGS.handmade);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: 'HM-1',
        title: 'Ingénieur R&D - Recherche & Développement',
        description: 'Poste à pourvoir\u00a0immédiatement. Salaire : 40 k€ & primes.',
        location: { city: 'Saint-Étienne', region: null, postalCode: null, country: null, remote: false },
        employmentType: null,
        department: null,
        salary: null,
        applyUrl: null,
        postedAt: null,
        updatedAt: null,
      },
      {
        externalId: 'HM-2',
        title: 'Technicien SAV',
        description: 'Interventions chez les clients.',
        location: { city: 'Roanne', region: null, postalCode: null, country: null, remote: false },
        employmentType: null,
        department: null,
        salary: null,
        applyUrl: null,
        postedAt: null,
        updatedAt: null,
      },
    ]);
    expect(notes).toContainEqual({ field: '@feed:bare-ampersand', selector: 'bare & read as a literal &', matched: 3 });
    expect(notes).toContainEqual({ field: '@feed:html-entity', selector: 'HTML entities decoded', matched: 5 });
  });

  it('reads Atom with the atom preset', async () => {
    const jobs = await run('/atom.xml', CONFIGS.atom);
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
        title: 'Data analyst (H/F)',
        description: '<p>Tableaux de bord et modèles de prévision.</p>',
        location: null,
        employmentType: null,
        department: 'Data',
        salary: null,
        applyUrl: 'https://carrieres.example.org/offres/data-analyst',
        postedAt: '2024-03-10T08:00:00+01:00',
        updatedAt: '2024-03-12T10:00:00Z',
      },
    ]);
  });

  it('reads an Indeed feed with the indeed preset exactly as multiposting-xml does (every field)', async () => {
    const viaFeed = await run('/indeed.xml', { preset: 'indeed' });
    const viaMultiposting = await collect(multipostingXml.extract(ctx, multipostingXml.configSchema.parse({ feedUrl: `${server.origin}/indeed.xml` })));
    expect(viaFeed.map((j) => j.raw.externalId)).toStrictEqual(['GHCA-2024-0117', 'GHCA-2024-0121', 'GHCA-2024-0098']);
    expect(viaFeed).toStrictEqual(viaMultiposting);
  });

  it('every fixture normalises', async () => {
    for (const [name, path] of [['cadremploi', '/partenaires/cadremploi.xml'], ['regionsjob', '/flux/regionsjob'], ['talentsoft', '/rss/offres.rss'], ['digitalrecruiters', '/api/job-ads'], ['jobboard', '/export.json'], ['handmade', '/offres.xml'], ['atom', '/atom.xml']] as const) {
      const jobs = await run(path, CONFIGS[name]);
      expect(() => normaliseAll(jobs), name).not.toThrow();
    }
  });
});
