import { describe, expect, it } from 'vitest';
import { bareJob, useFixtures, place } from '../testing/corpus';
import { collect, normaliseAll, type TestContext } from './test-context';
import { extractHtml, htmlConfigSchema } from './html';

const file = (name: string) => ({ body: { file: new URL(`./fixtures/corpus/html/${name}`, import.meta.url) } });
/** The html kind's records and the counts the pages show ("4 offres"), as the expected_count check receives them. */
async function read(ctx: TestContext, input: unknown) {
  const counts: { text: string; count: number | null }[] = [];
  const observed = { ...ctx, observe: { ...ctx.observe, expectedCount: (c: { text: string; count: number | null }) => counts.push({ text: c.text, count: c.count }) } };
  const jobs = normaliseAll(await collect(extractHtml(observed, htmlConfigSchema.parse(input))));
  return { jobs, counts };
}

/**
 * Career pages in the shapes the html kind reads: a listing in markup (a job listed once per city, an escaped
 * tag-like word in a title, messy HTML, a salary with and without a unit, a job with only its id and title, a
 * repeat), jobs embedded as JSON in a `<script type="application/json">`, and Next.js's `__NEXT_DATA__`; each page
 * shows its own count.
 */
describe('html kind fidelity corpus', () => {
  const fixtures = useFixtures({ '/offres': file('list.html'), '/carrieres': file('script-json.html'), '/rejoindre': file('next-data.html') });

  it('reads every field of every job of a listing in markup, and the count it shows', async () => {
    const { server, ctx } = fixtures;
    const { jobs, counts } = await read(ctx, {
      listUrls: [`${server.origin}/offres`],
      item: 'li.job',
      expectedCount: { selector: '.count' },
      fields: {
        externalId: { selector: 'a.title', attr: 'href', regex: '/offres/(\\d+)' },
        title: 'a.title',
        city: '.city',
        country: '.country',
        remote: '.remote',
        contractType: '.contract',
        salaryMin: { selector: '.salary', regex: '^(\\d[\\d ]*)' },
        salaryMax: { selector: '.salary', regex: '–\\s*(\\d[\\d ]*)' },
        salaryCurrency: { selector: '.salary', regex: '(€)' },
        salaryPeriod: { selector: '.salary', regex: '(annuel|mois|heure)' },
        salaryLabel: '.salary',
        description: { selector: '.summary', html: true },
        applyUrl: 'a.title@href',
      },
    });
    const chef = {
      externalId: '101',
      // An escaped tag-like word is text; an entity is decoded once.
      title: 'Chef de projet <Remote> & co',
      // Styles, handlers and scripts go; an nbsp-only span is a space; a `<br>` run between blocks is no text.
      description: '<p>Piloter les projets.</p><p>Équipe de 5.</p>',
      locations: [place('Paris', 'FR')],
      contractType: 'fixed_term',
      workingTime: null,
      contractLabel: 'CDD 6 mois',
      department: null,
      salary: { min: 35000, max: 40000, currency: 'EUR', period: 'year' },
      salaryLabel: '35 000 € – 40 000 € brut annuel',
      applyUrl: `${server.origin}/offres/101-chef-de-projet`,
      postedAt: null,
      updatedAt: null,
    };
    expect(jobs).toStrictEqual([
      chef,
      // Listed once per city: both records reach the run, whose duplicates policy merges the places.
      { ...chef, locations: [place('Lyon', 'FR')] },
      {
        externalId: '102',
        title: 'Vendeur·se',
        description: '',
        // A "Télétravail partiel" badge beside a city: remote, with its city.
        locations: [place('Bordeaux', null, { remote: true })],
        contractType: 'permanent',
        workingTime: 'part_time',
        contractLabel: 'CDI – Temps partiel',
        department: null,
        // An amount without a unit has no period.
        salary: { min: 2100, max: null, currency: 'EUR', period: null },
        salaryLabel: '2 100 €',
        applyUrl: `${server.origin}/offres/102-vendeur`,
        postedAt: null,
        updatedAt: null,
      },
      // Only its id and title: every optional field empty. Its identical repeat further down is a shifting listing's.
      { ...bareJob('103', 'Apprenti·e boulanger'), applyUrl: `${server.origin}/offres/103-apprenti` },
    ]);
    expect(counts).toStrictEqual([{ text: '3 offres disponibles', count: 3 }]);
  });

  it('reads jobs embedded as JSON in a script block', async () => {
    const { server, ctx } = fixtures;
    const { jobs, counts } = await read(ctx, {
      listUrls: [`${server.origin}/carrieres`],
      expectedCount: { selector: '.count' },
      embedded: {
        script: 'script#jobs-data',
        items: 'jobs',
        fields: {
          externalId: 'ref',
          title: 'name',
          city: 'place.city',
          postalCode: 'place.zip',
          country: 'place.country',
          contractType: 'contract',
          workingTime: 'time',
          salaryMin: 'pay.min',
          salaryMax: 'pay.max',
          salaryCurrency: 'pay.currency',
          salaryPeriod: 'pay.unit',
          description: 'body',
          applyUrl: 'url',
          postedAt: 'date',
        },
      },
    });
    expect(jobs).toStrictEqual([
      {
        externalId: 'HA-1',
        title: 'Réceptionniste de nuit',
        description: '<p>Accueil &amp; check-in.</p>',
        locations: [place('Nice', 'FR', { postalCode: '06000' })],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'CDI, Temps plein',
        department: null,
        // Amounts as strings with a thousands space, the unit in French.
        salary: { min: 1900, max: 2100, currency: 'EUR', period: 'month' },
        applyUrl: `${server.origin}/postuler/HA-1`,
        postedAt: '2024-05-02T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'HA-2',
        title: 'Gouvernant·e',
        description: '<p>Entretien des chambres</p>',
        locations: [place('Cannes', 'FR')],
        // A seasonal contract is a fixed-term one; the source's word stays.
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'Saisonnier',
        department: null,
        // A decimal comma, a currency symbol, no unit.
        salary: { min: 13.5, max: null, currency: 'EUR', period: null },
        applyUrl: 'https://jobs.hotels-azur.example/postuler/HA-2',
        postedAt: null,
        updatedAt: null,
      },
      bareJob('HA-3', 'Commis de cuisine'),
    ]);
    expect(counts).toStrictEqual([{ text: '3 offres', count: 3 }]);
  });

  it("reads jobs from Next.js's __NEXT_DATA__", async () => {
    const { server, ctx } = fixtures;
    const { jobs, counts } = await read(ctx, {
      listUrls: [`${server.origin}/rejoindre`],
      expectedCount: { selector: '.count' },
      embedded: {
        script: 'script#__NEXT_DATA__',
        items: 'props.pageProps.jobs',
        fields: {
          externalId: 'id',
          title: 'title',
          city: 'location.city',
          region: 'location.region',
          country: 'location.country',
          remote: 'location.remote',
          contractType: 'contractType',
          salaryMin: 'salary.min',
          salaryMax: 'salary.max',
          salaryCurrency: 'salary.currency',
          salaryPeriod: 'salary.period',
          description: 'html',
          applyUrl: 'apply',
          postedAt: 'published',
        },
      },
    });
    expect(jobs).toStrictEqual([
      {
        externalId: '7001',
        title: 'Développeur·se <Remote>',
        description: '<ul><li>TypeScript</li><li>Node.js</li></ul>',
        // Remote with its city.
        locations: [place('Toulouse', 'FR', { region: 'Occitanie', remote: true })],
        contractType: 'freelance',
        workingTime: null,
        contractLabel: 'Freelance',
        department: null,
        salary: { min: 450, max: 550, currency: 'EUR', period: 'day' },
        applyUrl: `${server.origin}/jobs/7001/apply`,
        postedAt: '2024-04-15T06:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '7002',
        title: 'Stage marketing',
        description: '',
        locations: [place(null, 'BE')],
        contractType: 'internship',
        workingTime: null,
        contractLabel: 'Stage',
        department: null,
        // Every amount null: no salary.
        salary: null,
        applyUrl: null,
        // Epoch milliseconds.
        postedAt: '2024-05-01T08:00:00.000Z',
        updatedAt: null,
      },
    ]);
    expect(counts).toStrictEqual([{ text: '2 offres', count: 2 }]);
  });
});
