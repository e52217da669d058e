import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '../sdk/errors';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { asFeedConfig, multipostingXml } from './index';
import { parseSalaryText } from '../feed/salary-text';

const XML = 'text/xml; charset=utf-8';
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE source [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<source><job><title>&lol3;</title></job></source>`;

/** What real multiposting feeds send: HTML named entities outside CDATA, in text and attributes. */
const HTML_ENTITIES = `<?xml version="1.0" encoding="utf-8"?>
<source><publisher>H&ocirc;tels</publisher>
<job><referencenumber>E-1</referencenumber><title>R&eacute;ceptionniste&nbsp;(H/F)</title>
<description>&lt;p&gt;Prime de 100&nbsp;&euro; &amp; mutuelle&lt;/p&gt;</description><city>N&icirc;mes</city><country>FR</country></job>
</source>`;

const LARGE = 20_000;

/** A 20 000-job feed written to the socket 100 jobs at a time (chunked transfer). */
async function* largeFeed(): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="utf-8"?>\n<source><publisher>Intérim Rhône</publisher>\n';
  for (let from = 1; from <= LARGE; from += 100) {
    let batch = '';
    for (let i = from; i < from + 100; i++) {
      batch +=
        `<job><referencenumber>IR-${i}</referencenumber><title><![CDATA[Cariste ${i} (H/F)]]></title>` +
        `<description><![CDATA[<p>Conduite de chariot, entrepôt de Vénissieux.</p>]]></description>` +
        `<city>Vénissieux</city><country>FR</country><date>Tue, 12 Mar 2024 06:00:00 GMT</date></job>\n`;
    }
    yield batch;
  }
  yield '</source>\n';
}

describe('multiposting-xml importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  const run = (path: string) => collect(multipostingXml.extract(ctx, multipostingXml.configSchema.parse({ feedUrl: `${server.origin}${path}` })));

  beforeAll(async () => {
    server = await serveFixtures({
      '/flux/indeed.xml': { contentType: XML, body: { file: new URL('./fixtures/feed.xml', import.meta.url) } },
      '/flux/lol.xml': { contentType: XML, body: BILLION_LAUGHS },
      '/flux/entites.xml': { contentType: XML, body: HTML_ENTITIES },
      '/flux/grand.xml': { contentType: XML, body: largeFeed },
      '/flux/annonces.xml': {
        contentType: XML,
        body: '<source><annonce><referencenumber>A-1</referencenumber><title>Plongeur</title><city>Nice</city></annonce></source>',
      },
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  it('maps CDATA and entity-escaped jobs alike, with free-text salaries parsed', async () => {
    const jobs = await run('/flux/indeed.xml');
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual(Array(3).fill(`${server.origin}/flux/indeed.xml`));
    expect(jobs.map((j) => j.raw)).toStrictEqual([
      {
        externalId: 'GHCA-2024-0117',
        title: 'Réceptionniste de nuit (H/F)',
        description:
          '<p>Accueil des clients de 23 h à 7 h, gestion des arrivées tardives et de la caisse.</p>\n' +
          '<ul><li>Anglais courant</li><li>Logiciel Opera apprécié</li></ul>',
        location: { city: 'Nice', region: "Provence-Alpes-Côte d'Azur", postalCode: '06000', country: 'FR', remote: false },
        contractType: 'CDI',
        employmentType: null,
        department: 'Hébergement',
        salary: { min: '23 000', max: '26 000', currency: '23 000 € - 26 000 € brut annuel', period: 'year' },
        applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/receptionniste-de-nuit-nice?ref=GHCA-2024-0117',
        postedAt: 'Mon, 11 Mar 2024 09:15:00 +0100',
        updatedAt: null,
      },
      {
        externalId: 'GHCA-2024-0121',
        title: 'Commis de cuisine – saison estivale',
        description: '<p>Mise en place, préparation des entrées froides & des desserts.</p>',
        location: { city: 'Antibes', region: null, postalCode: '06600', country: 'France', remote: false },
        contractType: 'CDD saisonnier',
        employmentType: null,
        department: 'Restauration',
        salary: { min: '12,50', max: '12,50', currency: "12,50 € de l'heure", period: 'hour' },
        applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/commis-de-cuisine-antibes?ref=GHCA-2024-0121',
        postedAt: 'Fri, 08 Mar 2024 14:00:00 GMT',
        updatedAt: null,
      },
      {
        externalId: 'GHCA-2024-0098',
        title: 'Responsable revenue management',
        description: '<p>Pilotage de la stratégie tarifaire des 6 établissements du groupe.</p>',
        location: { city: 'Monaco', region: null, postalCode: null, country: 'MC', remote: true },
        contractType: 'Temps plein',
        employmentType: null,
        department: 'Direction',
        salary: null,
        // Words without an amount are no salary, and are kept as the source's words about pay.
        salaryLabel: 'selon profil',
        applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/revenue-manager?ref=GHCA-2024-0098',
        postedAt: 'Wed, 06 Mar 2024 10:30:00 GMT',
        updatedAt: null,
      },
    ]);
  });

  it('normalises RFC 2822 dates, salary amounts and contract wordings', async () => {
    expect(normaliseAll(await run('/flux/indeed.xml'))).toStrictEqual([
      {
        externalId: 'GHCA-2024-0117',
        title: 'Réceptionniste de nuit (H/F)',
        description:
          '<p>Accueil des clients de 23 h à 7 h, gestion des arrivées tardives et de la caisse.</p>' +
          '<ul><li>Anglais courant</li><li>Logiciel Opera apprécié</li></ul>',
        locations: [{ city: 'Nice', region: "Provence-Alpes-Côte d'Azur", postalCode: '06000', country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: 'Hébergement',
        salary: { min: 23000, max: 26000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/receptionniste-de-nuit-nice?ref=GHCA-2024-0117',
        postedAt: '2024-03-11T08:15:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'GHCA-2024-0121',
        title: 'Commis de cuisine – saison estivale',
        description: '<p>Mise en place, préparation des entrées froides &amp; des desserts.</p>',
        locations: [{ city: 'Antibes', region: null, postalCode: '06600', country: 'FR', remote: false }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'CDD saisonnier',
        department: 'Restauration',
        salary: { min: 12.5, max: 12.5, currency: 'EUR', period: 'hour' },
        applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/commis-de-cuisine-antibes?ref=GHCA-2024-0121',
        postedAt: '2024-03-08T14:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'GHCA-2024-0098',
        title: 'Responsable revenue management',
        description: '<p>Pilotage de la stratégie tarifaire des 6 établissements du groupe.</p>',
        locations: [{ city: 'Monaco', region: null, postalCode: null, country: 'MC', remote: true }],
        contractType: null,
        workingTime: 'full_time',
        contractLabel: 'Temps plein',
        department: 'Direction',
        salary: null,
        // Words without an amount are no salary, and are kept as the source's words about pay.
        salaryLabel: 'selon profil',
        applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/revenue-manager?ref=GHCA-2024-0098',
        postedAt: '2024-03-06T10:30:00.000Z',
        updatedAt: null,
      },
    ]);
  });

  it('decodes the HTML named entities of a real feed and reports how many', async () => {
    ctx.fidelity.length = 0;
    const jobs = await run('/flux/entites.xml');
    expect(normaliseAll(jobs).map((j) => [j.title, j.description, j.locations[0]?.city])).toStrictEqual([
      ['Réceptionniste (H/F)', '<p>Prime de 100 € &amp; mutuelle</p>', 'Nîmes'],
    ]);
    expect(ctx.fidelity).toStrictEqual([
      {
        kind: 'html_entities',
        url: `${server.origin}/flux/entites.xml`,
        count: 6,
        repaired: true,
        message: '6 HTML named entities decoded outside CDATA (&nbsp; ×2, &ocirc; ×1, &eacute; ×1, &euro; ×1, &icirc; ×1)',
      },
    ]);
  });

  it('refuses a feed whose DOCTYPE declares entities, without expanding them', async () => {
    const failing = run('/flux/lol.xml');
    await expect(failing).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(failing).rejects.toThrow(`XML feed ${server.origin}/flux/lol.xml declares entities in its DOCTYPE`);
  });

  it('streams a 20 000-job feed over HTTP', async () => {
    let count = 0;
    let first: unknown;
    let last: unknown;
    const feedUrl = `${server.origin}/flux/grand.xml`;
    for await (const job of multipostingXml.extract(ctx, multipostingXml.configSchema.parse({ feedUrl }))) {
      count += 1;
      if (count === 1) first = job.raw.externalId;
      last = job.raw;
    }
    expect(count).toBe(LARGE);
    expect(first).toBe('IR-1');
    expect(last).toStrictEqual({
      externalId: 'IR-20000',
      title: 'Cariste 20000 (H/F)',
      description: '<p>Conduite de chariot, entrepôt de Vénissieux.</p>',
      location: { city: 'Vénissieux', region: null, postalCode: null, country: 'FR', remote: false },
      contractType: null,
      employmentType: null,
      department: null,
      salary: null,
      applyUrl: null,
      postedAt: 'Tue, 12 Mar 2024 06:00:00 GMT',
      updatedAt: null,
    });
    let bytes = 0;
    for await (const chunk of largeFeed()) bytes += Buffer.byteLength(chunk);
    expect(ctx.pages.at(-1)).toStrictEqual({ url: feedUrl, status: 200, bytes });
  }, 60_000); // a large feed: generous on a loaded machine (not a speed target — npm run bench measures that)

  it('keeps stored configurations working now that it is the feed importer with the indeed preset', async () => {
    // The shapes stored in import_configs (see test/import-run.*, demo/sites/server.ts): the URL alone, or with another
    // item element.
    const stored = [{ feedUrl: `${server.origin}/flux/indeed.xml` }, { feedUrl: `${server.origin}/flux/annonces.xml`, itemElement: 'annonce' }];
    expect(stored.map((config) => asFeedConfig(multipostingXml.configSchema.parse(config)))).toMatchObject([
      { feedUrl: stored[0]!.feedUrl, format: 'xml', preset: 'indeed', items: 'job', fields: {} },
      { feedUrl: stored[1]!.feedUrl, format: 'xml', preset: 'indeed', items: 'annonce', fields: {} },
    ]);
    const [indeed, annonces] = await Promise.all(stored.map((config) => collect(multipostingXml.extract(ctx, multipostingXml.configSchema.parse(config)))));
    expect(indeed!.map((j) => j.raw.externalId)).toStrictEqual(['GHCA-2024-0117', 'GHCA-2024-0121', 'GHCA-2024-0098']);
    expect(annonces!.map((j) => j.raw)).toStrictEqual([
      {
        externalId: 'A-1',
        title: 'Plongeur',
        description: null,
        location: { city: 'Nice', region: null, postalCode: null, country: null, remote: false },
        contractType: null,
        employmentType: null,
        department: null,
        salary: null,
        applyUrl: null,
        postedAt: null,
        updatedAt: null,
      },
    ]);
  });

  it('reads salary ranges, single amounts and text without amounts', () => {
    expect(parseSalaryText('Entre 35k€ et 40k€ par an')).toStrictEqual({ min: '35k', max: '40k', currency: 'Entre 35k€ et 40k€ par an', period: 'year' });
    // One "k" after the range is the unit of both amounts.
    expect(parseSalaryText('35 - 40 k€')).toStrictEqual({ min: '35k', max: '40 k', currency: '35 - 40 k€', period: null });
    expect(parseSalaryText('2 100 € brut')).toStrictEqual({ min: '2 100', max: '2 100', currency: '2 100 € brut', period: null });
    expect(parseSalaryText('À négocier')).toBeNull();
    expect(parseSalaryText(null)).toBeNull();
  });
});
