import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures } from '../sdk/testing/corpus';
import { multipostingXml } from './index';

const corpus = (name: string, contentType: string) => ({ body: { file: new URL(`./fixtures/corpus/${name}`, import.meta.url) }, contentType });

/**
 * Three multiposting feeds in the Indeed format (`<source><job>`), with the item element a stored configuration may
 * rename (`offer`, `annonce`):
 * - indeed.xml: HTML named entities outside CDATA, an escaped tag-like word in a title, messy HTML in CDATA, a salary
 *   with a unit and one in words only, a job with only a city and a country name, listed twice byte for byte;
 * - offices.xml (`offer`): several offices zipped into locations[] sharing one region and country, remote with a city
 *   (`<remotetype>Fully remote`), entity-escaped HTML, a salary without a unit, a job with only its id and title;
 * - latin1.xml (`annonce`): an ISO-8859-1 document (€ as windows-1252 0x80, as such feeds send it), named entities
 *   in text, `<br>` runs, an hourly salary, a job listed twice with a different city.
 */
describe('multiposting-xml fidelity corpus', () => {
  const fixtures = useFixtures({
    '/indeed.xml': corpus('indeed.xml', 'text/xml; charset=utf-8'),
    '/offices.xml': corpus('offices.xml', 'application/xml'),
    '/latin1.xml': corpus('latin1.xml', 'text/xml'),
  });

  it('normalises every field of every job (indeed.xml)', async () => {
    const { server, ctx } = fixtures;
    const config = multipostingXml.configSchema.parse({ feedUrl: `${server.origin}/indeed.xml` });
    const chef = {
      externalId: 'AZ-2',
      title: 'Chef de rang',
      description: '',
      locations: [{ city: 'Cannes', region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: null,
      workingTime: null,
      contractLabel: null,
      department: null,
      // Words without an amount: no salary, the words kept.
      salary: null,
      salaryLabel: 'selon profil',
      applyUrl: null,
      postedAt: null,
      updatedAt: null,
    };
    expect(normaliseAll(await collect(multipostingXml.extract(ctx, config)))).toStrictEqual([
      {
        externalId: 'AZ-1',
        title: 'Réceptionniste <Remote> (H/F)',
        description: '<p>Accueil clients.</p>',
        locations: [{ city: 'Nice', region: "Provence-Alpes-Côte d'Azur", postalCode: '06000', country: 'FR', remote: false }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'CDD 8 mois',
        department: null,
        salary: { min: 1900, max: 2100, currency: 'EUR', period: 'month' },
        applyUrl: 'https://jobs.azur.example/offres/AZ-1?src=indeed&utm=x',
        postedAt: '2024-05-06T08:00:00.000Z',
        updatedAt: null,
      },
      // Listed twice, byte for byte: both records reach the run, which counts the repeat as one job.
      chef,
      chef,
    ]);
  });

  it('zips every office into locations[], reads remote with a city and a salary without a unit (offices.xml)', async () => {
    const { server, ctx } = fixtures;
    const config = multipostingXml.configSchema.parse({ feedUrl: `${server.origin}/offices.xml`, itemElement: 'offer' });
    const office = (city: string, postalCode: string) => ({ city, region: 'Auvergne-Rhône-Alpes', postalCode, country: 'FR', remote: false });
    expect(normaliseAll(await collect(multipostingXml.extract(ctx, config)))).toStrictEqual([
      {
        externalId: 'DLM-101',
        title: 'Vendeur / Vendeuse en boulangerie (H/F)',
        // An entity inside CDATA is HTML: decoded by the sanitiser.
        description: '<h2>Vos missions</h2><ul><li>Accueil et conseil</li><li>Mise en rayon</li></ul><p>Poste à pourvoir dans nos <b>trois</b> boutiques.</p>',
        // One <city>/<postalcode> pair per office, in order; the single <state> and <country> apply to each.
        locations: [office('Lyon', '69003'), office('Villeurbanne', '69100'), office('Bron', '69500')],
        contractType: 'permanent',
        workingTime: 'part_time',
        contractLabel: 'CDI - Temps partiel',
        department: 'Vente',
        // No unit in the feed: no period assumed.
        salary: { min: 22000, max: 24000, currency: 'EUR', period: null },
        applyUrl: 'https://carrieres.delmas.example/offres/DLM-101',
        postedAt: '2024-06-04T04:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'DLM-102',
        title: 'Développeur·se back-end Java',
        // Entity-escaped HTML (`&lt;p&gt;`, `&amp;eacute;`), read as the HTML it stands for.
        description: '<p>Télétravail complet, un séminaire par trimestre à Lyon.</p>',
        // Fully remote, attached to Lyon; the country name becomes its code.
        locations: [{ city: 'Lyon', region: null, postalCode: null, country: 'FR', remote: true }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: 'Informatique',
        salary: { min: 45000, max: 55000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://carrieres.delmas.example/offres/DLM-102',
        postedAt: '2024-06-03T09:30:00.000Z',
        updatedAt: null,
      },
      // Every optional element missing.
      bareJob('DLM-103', 'Apprenti boulanger'),
    ]);
  });

  it('decodes a Latin-1 document and its named entities, keeps both listings of a job (latin1.xml)', async () => {
    const { server, ctx } = fixtures;
    const config = multipostingXml.configSchema.parse({ feedUrl: `${server.origin}/latin1.xml`, itemElement: 'annonce' });
    const night = (city: string) => ({
      externalId: 'HT-78',
      title: 'Réceptionniste de nuit',
      description: '',
      locations: [{ city, region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: 'temporary_agency',
      workingTime: null,
      contractLabel: 'Intérim',
      department: null,
      salary: null,
      salaryLabel: 'Selon expérience',
      applyUrl: 'https://emplois.hotel-lac.example/annonce.php?id=78&lang=fr',
      postedAt: null,
      updatedAt: null,
    });
    expect(normaliseAll(await collect(multipostingXml.extract(ctx, config)))).toStrictEqual([
      {
        externalId: 'HT-77',
        title: 'Cuisinier équipier (H/F) – saison été',
        // `&nbsp;` between words is a space; the `<br>` run is kept as published.
        description: '<p>Crème brûlée, pâtisserie maison.<br><br><br>Logé sur place.</p>',
        locations: [{ city: 'Annecy', region: null, postalCode: '74000', country: 'FR', remote: false }],
        contractType: 'fixed_term',
        workingTime: 'full_time',
        contractLabel: 'CDD saisonnier temps plein',
        department: 'Restauration',
        salary: { min: 12.5, max: 12.5, currency: 'EUR', period: 'hour' },
        applyUrl: 'https://emplois.hotel-lac.example/annonce.php?id=77&lang=fr',
        postedAt: '2024-04-12T12:15:00.000Z',
        updatedAt: null,
      },
      // The same id with another city: both records reach the run, which merges them into one job with two places.
      night('Évian-les-Bains'),
      night('Thonon-les-Bains'),
    ]);
    expect(ctx.fidelity.filter((n) => n.url.endsWith('/latin1.xml')).map((n) => [n.kind, n.count])).toStrictEqual([['html_entities', 10]]);
  });
});
