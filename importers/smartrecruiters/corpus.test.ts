import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures } from '../sdk/testing/corpus';
import { smartrecruiters } from './index';

const BASE = '/v1/companies/Corpus/postings';
const fixture = (name: string) => ({ body: { file: new URL(`./fixtures/corpus/${name}`, import.meta.url) } });
const IDS = ['744000090000001', '744000090000002', '744000090000003'];

/**
 * Postings in the public shape of the Posting API (list, then `GET .../postings/{id}` per posting): a remote posting
 * with its city, hostile HTML and escaped text in sections, a posting with only its required fields, and a posting
 * listed twice. A posting has one place and the API publishes no salary field: every salary is null.
 */
describe('smartrecruiters fidelity corpus', () => {
  const fixtures = useFixtures({
    [`${BASE}?offset=0&limit=100`]: fixture('postings.json'),
    ...Object.fromEntries(IDS.map((id) => [`${BASE}/${id}`, fixture(`posting-${id}.json`)])),
  });

  it('normalises every field of every published posting', async () => {
    const { server, ctx } = fixtures;
    const config = smartrecruiters.configSchema.parse({ companyId: 'Corpus', baseUrl: server.origin });
    const success = {
      externalId: '744000090000002',
      title: 'Customer Success Manager',
      // Blank sections go with their titles; an untitled section keeps its text; scripts, frames and images go.
      description: '<h3>Job Description</h3><p>Help clients &amp; partners.</p><p>English &lt;C1&gt;</p>',
      locations: [{ city: 'Lyon', region: null, postalCode: null, country: 'FR', remote: true }],
      // The label says the working time, the id the contract.
      contractType: 'fixed_term',
      workingTime: 'full_time',
      contractLabel: 'Full-time',
      department: 'Customer Success',
      salary: null,
      applyUrl: 'https://jobs.smartrecruiters.com/Corpus/744000090000002-customer-success-manager',
      postedAt: '2024-04-11T08:00:00.000Z',
      updatedAt: null,
    };
    expect(normaliseAll(await collect(smartrecruiters.extract(ctx, config)))).toStrictEqual([
      {
        externalId: '744000090000001',
        title: 'Ingénieur·e systèmes embarqués',
        description:
          "<h3>Description de l'entreprise</h3><p>Corpus conçoit des satellites.</p>" +
          '<h3>Description du poste</h3><p>Vous développez le logiciel de vol.</p><ul><li>C &amp; Rust</li></ul>' +
          '<h3>Qualifications</h3><p>Bac+5</p><h3>Informations supplémentaires</h3><p>Salaire : 50 000 – 60 000 € brut annuel</p>',
        locations: [{ city: 'Toulouse', region: 'Occitanie', postalCode: '31000', country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: 'R&D',
        salary: null,
        applyUrl: 'https://jobs.smartrecruiters.com/Corpus/744000090000001-ingenieur-e-systemes-embarques',
        postedAt: '2024-04-10T08:00:00.000Z',
        updatedAt: null,
      },
      success,
      bareJob('744000090000003', 'Poste minimal'),
      success,
    ]);
  });
});
