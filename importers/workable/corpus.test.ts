import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures } from '../sdk/testing/corpus';
import { workable } from './index';

const PATH = '/api/accounts/corpus?details=true';

/**
 * An account in the public shape of `GET /api/accounts/{subdomain}?details=true`: a job repeated once per place
 * (one place twice), a remote job with its city, hostile HTML, empty strings for missing values, a job with only
 * its title and shortcode. The widget API publishes no salary field: every salary is null.
 */
describe('workable fidelity corpus', () => {
  const fixtures = useFixtures({ [PATH]: { body: { file: new URL('./fixtures/corpus/account.json', import.meta.url) } } });

  it('normalises every field of every published job', async () => {
    const { server, ctx } = fixtures;
    const config = workable.configSchema.parse({ subdomain: 'corpus', baseUrl: server.origin });
    expect(normaliseAll(await collect(workable.extract(ctx, config)))).toStrictEqual([
      {
        externalId: 'D4T4000001',
        title: 'Data Engineer',
        description: '<p>Pipelines &amp; entrepôts.</p>',
        // Three entries, one per place, Paris twice: one job, each place once.
        locations: [
          { city: 'Paris', region: 'Île-de-France', postalCode: '75010', country: 'FR', remote: false },
          { city: 'Berlin', region: 'Berlin', postalCode: '10115', country: 'DE', remote: false },
        ],
        contractType: null,
        workingTime: 'full_time',
        contractLabel: 'Full-time',
        department: 'Data',
        salary: null,
        applyUrl: 'https://apply.workable.com/j/D4T4000001',
        postedAt: '2024-04-15T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'M0B1000002',
        title: 'Développeur·se mobile',
        description: '<p>Swift &lt;&amp;&gt; Kotlin</p><br>Postuler',
        locations: [{ city: 'Nantes', region: null, postalCode: null, country: 'FR', remote: true }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'Contract',
        department: null,
        salary: null,
        // An empty `url` falls back to the application form.
        applyUrl: 'https://apply.workable.com/j/M0B1000002/apply',
        postedAt: '2024-04-16T00:00:00.000Z',
        updatedAt: null,
      },
      bareJob('SP0N000003', 'Candidature spontanée'),
    ]);
  });
});
