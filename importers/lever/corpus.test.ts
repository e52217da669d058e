import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures } from '../sdk/testing/corpus';
import { lever } from './index';

const PAGE = '/v0/postings/corpus?mode=json&skip=0&limit=100';
const place = (city: string | null, country: string | null, remote = false) => ({ city, region: null, postalCode: null, country, remote });

/**
 * Postings in the public shape of `GET /v0/postings/{company}?mode=json`: `allLocations` with a repeat, a remote
 * posting with its city, hostile HTML and escaped text in lists, a posting with only its required fields, yearly,
 * hourly and unit-less (`one-time`) salary ranges with their own words (`salaryDescription`), a posting-level
 * `country` for a posting in three countries, a tag-like word in a title, and a posting listed twice.
 */
describe('lever fidelity corpus', () => {
  const fixtures = useFixtures({ [PAGE]: { body: { file: new URL('./fixtures/corpus/postings.json', import.meta.url) } } });

  it('normalises every field of every published posting', async () => {
    const { server, ctx } = fixtures;
    const config = lever.configSchema.parse({ company: 'corpus', baseUrl: server.origin });
    const officeManager = {
      externalId: 'a1b2c3d4-0004-4000-8000-000000000004',
      title: 'Office manager',
      description: '<p>Organiser le bureau.</p>',
      locations: [place(null, 'FR', true)],
      contractType: null,
      workingTime: 'part_time',
      contractLabel: 'Part-time',
      department: 'Operations',
      // "one-time" is no period: the amount stays, without a unit; the lower-case currency is upper-cased.
      salary: { min: 2000, max: null, currency: 'EUR', period: null },
      salaryLabel: "Prime d'arrivée",
      applyUrl: 'https://jobs.lever.co/corpus/a1b2c3d4-0004-4000-8000-000000000004',
      postedAt: '2024-05-02T09:00:00.000Z',
      updatedAt: null,
    };
    expect(normaliseAll(await collect(lever.extract(ctx, config)))).toStrictEqual([
      {
        externalId: 'a1b2c3d4-0001-4000-8000-000000000001',
        // A tag-like word that is no HTML element is text.
        title: 'Account Executive <EMEA>',
        description:
          '<p><b>Who we are</b></p><p>We sell software.</p>' +
          "<h3>What you'll do</h3><ul><li>Close deals</li><li>Grow accounts</li></ul><p>Equal opportunity employer.</p>",
        // The posting's `country` is its primary location's only.
        locations: [place('Paris', 'FR'), place('London', null), place('Berlin', null)],
        contractType: null,
        workingTime: 'full_time',
        contractLabel: 'Full-time',
        department: 'Sales',
        salary: { min: 55000, max: 70000, currency: 'EUR', period: 'year' },
        salaryLabel: 'Plus commission',
        applyUrl: 'https://jobs.lever.co/corpus/a1b2c3d4-0001-4000-8000-000000000001',
        postedAt: '2024-04-30T09:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'a1b2c3d4-0002-4000-8000-000000000002',
        title: 'Développeur·se Go — télétravail',
        description: '<p>Nous &amp; vous : &lt;code&gt;</p><h3>Profil &lt;senior&gt; &amp; autonome</h3><ul><li>Go</li></ul>',
        locations: [place('Bordeaux', 'FR', true)],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'CDD',
        department: 'Backend',
        salary: { min: 45, max: 60, currency: 'EUR', period: 'hour' },
        // The source's words about pay, HTML read as text.
        salaryLabel: "Jusqu'à 60 €/h & tickets resto",
        applyUrl: 'https://jobs.lever.co/corpus/a1b2c3d4-0002-4000-8000-000000000002',
        postedAt: '2024-05-01T09:00:00.000Z',
        updatedAt: null,
      },
      // An empty HTML description falls back to the plain text, escaped.
      { ...bareJob('a1b2c3d4-0003-4000-8000-000000000003', 'Stage data'), description: '<p>Analyse &lt;des&gt; données &amp; tableaux</p>' },
      officeManager,
      officeManager,
    ]);
  });
});
