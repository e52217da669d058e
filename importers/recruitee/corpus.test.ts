import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures } from '../sdk/testing/corpus';
import { recruitee } from './index';

/**
 * Offers in the public shape of `GET {company}.recruitee.com/api/offers/`: two `locations`, a remote offer with its
 * city, hostile HTML and an entity in a title, an offer with only its required fields, salaries with a period,
 * without one, as strings and as an empty range, and an offer listed twice.
 */
describe('recruitee fidelity corpus', () => {
  const fixtures = useFixtures({ '/api/offers/': { body: { file: new URL('./fixtures/corpus/offers.json', import.meta.url) } } });

  it('normalises every field of every published offer', async () => {
    const { server, ctx } = fixtures;
    const config = recruitee.configSchema.parse({ company: 'corpus', baseUrl: server.origin });
    const internship = {
      externalId: '3000004',
      title: 'Stage design',
      description: '<p>Six mois.</p>',
      // An empty `locations` falls back to the offer's own city and country.
      locations: [{ city: 'Lille', region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: 'internship',
      workingTime: null,
      contractLabel: 'internship',
      department: null,
      salary: { min: 600, max: null, currency: 'EUR', period: 'month' },
      applyUrl: 'https://corpus.recruitee.com/o/stage-design',
      postedAt: '2024-04-04T10:00:00.000Z',
      updatedAt: '2024-04-04T10:00:00.000Z',
    };
    expect(normaliseAll(await collect(recruitee.extract(ctx, config)))).toStrictEqual([
      {
        externalId: '3000001',
        title: 'Product Manager',
        description: "<p>Own the <strong>roadmap</strong>.</p><ul><li>5 ans d'expérience</li></ul>",
        locations: [
          { city: 'Amsterdam', region: 'North Holland', postalCode: '1017 AB', country: 'NL', remote: false },
          { city: 'Paris', region: 'Île-de-France', postalCode: '75002', country: 'FR', remote: false },
        ],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'fulltime_permanent',
        department: 'Product',
        salary: { min: 60000, max: 75000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://corpus.recruitee.com/o/product-manager',
        postedAt: '2024-04-02T08:30:00.000Z',
        updatedAt: '2024-04-05T16:45:10.000Z',
      },
      {
        externalId: '3000002',
        title: 'Support Engineer & On-call',
        description: '<p>Salaire : &lt;à négocier&gt;</p>lien',
        locations: [{ city: 'Nantes', region: null, postalCode: null, country: 'FR', remote: true }],
        contractType: 'fixed_term',
        workingTime: 'part_time',
        contractLabel: 'parttime_fixed_term',
        department: null,
        // No period given: none assumed.
        salary: { min: 2100, max: 2400, currency: 'EUR', period: null },
        applyUrl: 'https://corpus.recruitee.com/o/support-engineer',
        postedAt: '2024-04-03T09:00:00.000Z',
        updatedAt: '2024-04-03T09:00:00.000Z',
      },
      // A range with neither bound is no salary.
      bareJob('3000003', 'Candidature spontanée'),
      internship,
      internship,
    ]);
  });
});
