import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { useFixtures } from '../sdk/testing/corpus';
import { multipostingXml } from './index';

/**
 * An Indeed-format multiposting feed: HTML named entities outside CDATA, an escaped tag-like word in a title, messy
 * HTML in CDATA, a salary with a unit and one in words only, a job with only a city and a country name, listed twice.
 * One payload of the three the brief asks (the rest is left for the next session).
 */
describe('multiposting-xml fidelity corpus', () => {
  const fixtures = useFixtures({ '/indeed.xml': { body: { file: new URL('./fixtures/corpus/indeed.xml', import.meta.url) }, contentType: 'text/xml; charset=utf-8' } });

  it('normalises every field of every job', async () => {
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
});
