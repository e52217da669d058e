import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures } from '../sdk/testing/corpus';
import { CORPUS_CONFIGS } from './fixtures/corpus/configs';
import { feed } from './index';

const corpus = (name: string) => ({ body: { file: new URL(`./fixtures/corpus/${name}`, import.meta.url) }, contentType: 'application/json; charset=utf-8' });

/**
 * Three JSON payloads read by configuration (fixtures/corpus/configs.ts), every field of every job asserted:
 * - digitalrecruiters.json: offices[] zipped into locations[] (a null region kept in its place), Word-pasted HTML
 *   with nested spans and a script, remote with a city, a salary with a minimum only, a job with only an id, a title
 *   and a contract;
 * - jobboard.json (top-level array): entity-escaped HTML, empty paragraphs, salaries in words ("11,88 € / heure",
 *   "35 - 40 k€", "Selon profil"), remote with a city, a date in another format (left empty), a job listed twice;
 * - careers-api.json: sites[] with country names, free-text pay per year and per day, remote on the site, whitespace
 *   and nbsp-laden HTML, a job with every optional field missing.
 */
describe('feed fidelity corpus', () => {
  const fixtures = useFixtures({
    '/digitalrecruiters.json': corpus('digitalrecruiters.json'),
    '/jobboard.json': corpus('jobboard.json'),
    '/careers-api.json': corpus('careers-api.json'),
  });
  const read = async (path: string, config: (typeof CORPUS_CONFIGS)[keyof typeof CORPUS_CONFIGS]) => {
    const { server, ctx } = fixtures;
    return normaliseAll(await collect(feed.extract(ctx, feed.configSchema.parse({ feedUrl: `${server.origin}${path}`, ...config }))));
  };

  it('normalises every field of every job (digitalrecruiters.json)', async () => {
    const origin = fixtures.server.origin;
    const paca = "Provence-Alpes-Côte d'Azur";
    expect(await read('/digitalrecruiters.json', CORPUS_CONFIGS.digitalrecruiters)).toStrictEqual([
      {
        externalId: 'DR-51002',
        title: 'Technicien de maintenance (H/F)',
        // Spans, Word's empty <o:p> paragraph and the script dropped; nbsp between words is a space.
        description: "<p>Vous assurez la maintenance préventive et curative.</p><ul><li>Habilitation électrique</li><li>3 ans d'expérience</li></ul>",
        // One place per office; the middle office's null region stays its own.
        locations: [
          { city: 'Marseille', region: paca, postalCode: '13008', country: 'FR', remote: false },
          { city: 'Aix-en-Provence', region: null, postalCode: '13100', country: 'FR', remote: false },
          { city: 'Toulon', region: paca, postalCode: '83000', country: 'FR', remote: false },
        ],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'CDI temps plein',
        department: 'Production',
        salary: { min: 30000, max: 36000, currency: 'EUR', period: 'year' },
        // Relative in the export: resolved against the feed's URL.
        applyUrl: `${origin}/annonces/51002`,
        postedAt: '2024-05-13T06:30:00.000Z',
        updatedAt: '2024-05-20T10:00:00.000Z',
      },
      {
        externalId: 'DR-51007',
        title: 'Chargé(e) de recrutement',
        description: '<p>Poste en télétravail complet ; deux jours par mois au siège.</p>',
        // Remote, with the office it belongs to.
        locations: [{ city: 'Lyon', region: null, postalCode: '69002', country: 'FR', remote: true }],
        contractType: 'fixed_term',
        workingTime: 'part_time',
        contractLabel: 'CDD 6 mois, 80 %',
        department: 'Ressources humaines',
        salary: { min: 2400, max: null, currency: 'EUR', period: 'month' },
        applyUrl: `${origin}/annonces/51007`,
        postedAt: '2024-05-15T07:00:00.000Z',
        updatedAt: null,
      },
      // No office, no description, no salary: only the contract, labelled with the export's own word.
      { ...bareJob('DR-51010', 'Stage assistant marketing'), contractType: 'internship', contractLabel: 'INTERNSHIP' },
    ]);
  });

  it('normalises every field of every job (jobboard.json)', async () => {
    const serveur = {
      ...bareJob('9003', 'Serveur (H/F)'),
      locations: [{ city: 'Brest', region: null, postalCode: null, country: 'FR', remote: false }],
      // Words without an amount: no salary, the words kept.
      salaryLabel: 'Selon profil',
      applyUrl: 'https://www.emplois-ouest.example/offre?id=9003&campaign=export',
      // "06/03/2024" is not the configured yyyy-MM-dd: left empty (counted as an unreadable date in the run report).
      postedAt: null,
    };
    expect(await read('/jobboard.json', CORPUS_CONFIGS.jobboard)).toStrictEqual([
      {
        externalId: '9001',
        title: 'Préparateur de commandes',
        // Entity-escaped HTML, with an entity escaped twice (`&amp;sup2;`): the HTML it stands for.
        description: '<p>Entrepôt de 12 000 m²</p>',
        locations: [{ city: 'Rennes', region: null, postalCode: '35000', country: 'FR', remote: false }],
        contractType: 'temporary_agency',
        workingTime: 'full_time',
        contractLabel: 'Intérim - temps plein',
        department: 'Logistique, Manutention',
        salary: { min: 11.88, max: 11.88, currency: 'EUR', period: 'hour' },
        applyUrl: 'https://www.emplois-ouest.example/offre?id=9001&campaign=export',
        postedAt: '2024-03-04T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '9002',
        title: 'Comptable fournisseurs',
        // Empty paragraphs (one holding only a <br>) dropped.
        description: '<p>Cabinet nantais.</p><p>Télétravail <strong>100 %</strong> possible.</p>',
        locations: [{ city: 'Nantes', region: null, postalCode: '44000', country: 'FR', remote: true }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: 'Finance',
        // "35 - 40 k€": the one "k" applies to both amounts; no unit, no period.
        salary: { min: 35000, max: 40000, currency: 'EUR', period: null },
        applyUrl: 'https://www.emplois-ouest.example/offre?id=9002&campaign=export',
        postedAt: '2024-03-06T00:00:00.000Z',
        updatedAt: null,
      },
      // Listed twice, byte for byte: both records reach the run, which counts the repeat as one job.
      serveur,
      serveur,
    ]);
  });

  it('normalises every field of every job (careers-api.json)', async () => {
    const bordeaux = { region: null, country: 'FR', remote: false };
    expect(await read('/careers-api.json', CORPUS_CONFIGS.careers)).toStrictEqual([
      {
        externalId: 'ops-lead-bdx',
        title: "Responsable d'exploitation",
        // Newlines and indentation between blocks dropped, nbsp between words a space, `&#39;` decoded.
        description: "<h3>Le poste</h3><p>Vous pilotez l'équipe.</p><ul><li><p>Planning</p></li><li><p>Sécurité</p></li></ul>",
        // Two sites; "France" becomes its code.
        locations: [
          { ...bordeaux, city: 'Bordeaux', postalCode: '33000' },
          { ...bordeaux, city: 'Mérignac', postalCode: '33700' },
        ],
        contractType: 'permanent',
        workingTime: 'full_time',
        // No label in the API: the contract's and the schedule's own words.
        contractLabel: 'CDI, Temps plein',
        department: 'Opérations',
        salary: { min: 42000, max: 48000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://careers.vinex.example/jobs/ops-lead-bdx/apply',
        postedAt: '2024-02-01T09:00:00.000Z',
        updatedAt: '2024-02-10T16:45:00.000Z',
      },
      {
        externalId: 'dev-fullstack',
        title: 'Développeur full-stack',
        description: '<p>Remote-first, équipe basée à Paris.</p>',
        // Remote, from the site, with its city.
        locations: [{ city: 'Paris', region: null, postalCode: '75011', country: 'FR', remote: true }],
        contractType: 'freelance',
        workingTime: null,
        contractLabel: 'Freelance',
        department: 'Tech',
        salary: { min: 450, max: 450, currency: 'EUR', period: 'day' },
        applyUrl: 'https://careers.vinex.example/jobs/dev-fullstack/apply',
        postedAt: '2024-02-05T10:00:00.000Z',
        updatedAt: null,
      },
      // Every optional field missing but the contract.
      { ...bareJob('alternance-vente', 'Alternant commercial'), contractType: 'apprenticeship', contractLabel: 'Alternance' },
    ]);
  });
});
