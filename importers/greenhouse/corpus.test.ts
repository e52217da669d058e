import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures, place } from '../sdk/testing/corpus';
import { greenhouse } from './index';

const PATH = '/v1/boards/corpus/jobs?content=true';
/**
 * A board in the public shape of `GET /v1/boards/{token}/jobs?content=true`: several places in one location name,
 * remote with a city, escaped and hostile HTML, a job with every optional field missing, a job listed twice.
 * The list endpoint publishes no pay, so every salary is null.
 */
describe('greenhouse fidelity corpus', () => {
  const fixtures = useFixtures({ [PATH]: { body: { file: new URL('./fixtures/corpus/jobs.json', import.meta.url) } } });

  it('normalises every field of every published job', async () => {
    const { server, ctx } = fixtures;
    const config = greenhouse.configSchema.parse({ boardToken: 'corpus', contractTypeField: 'Type de contrat', workingTimeField: 'Temps de travail', baseUrl: server.origin });
    const support = {
      externalId: '5001004',
      title: 'Support client',
      description: '',
      locations: [place(null, null, { remote: true })],
      contractType: null,
      workingTime: null,
      contractLabel: null,
      department: 'Support',
      salary: null,
      applyUrl: 'https://boards.greenhouse.io/corpus/jobs/5001004',
      postedAt: null,
      updatedAt: '2024-05-04T08:00:00.000Z',
    };
    expect(normaliseAll(await collect(greenhouse.extract(ctx, config)))).toStrictEqual([
      {
        externalId: '5001001',
        title: 'Staff Engineer — Platform',
        // Relative links are the job page's (`absolute_url`), not the API's.
        description:
          '<p>Build the platform in three offices. <a href="https://boards.greenhouse.io/corpus/benefits">Benefits</a>, ' +
          '<a href="https://boards.greenhouse.io/corpus/jobs/5001001/apply">apply</a> or ' +
          '<a href="https://boards.greenhouse.io/corpus/jobs/5001001#team">meet the team</a>.</p>',
        locations: [place('Paris', 'FR', { region: 'Île-de-France' }), place('Berlin', 'DE'), place('London', 'GB')],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'CDI, Full-time',
        department: 'Engineering',
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/corpus/jobs/5001001',
        postedAt: '2024-04-30T07:00:00.000Z',
        updatedAt: '2024-05-02T15:30:00.000Z',
      },
      {
        externalId: '5001002',
        title: 'Designer produit (télétravail)',
        // Scripts, frames, images with handlers, styles and javascript: links go; escaped-twice text stays text.
        description:
          '<p>Salaire : 45 000 € &amp; avantages</p>Postuler <a href="https://boards.greenhouse.io/corpus/jobs/5001002#app">ici</a>' +
          '<p>Fin &lt;br&gt; littérale</p>',
        locations: [place('Lyon', 'FR', { remote: true })],
        // A multi-select field: the first value places the contract, every value is kept in the label.
        contractType: 'freelance',
        workingTime: null,
        contractLabel: 'Freelance, CDD',
        department: null,
        salary: null,
        applyUrl: 'https://boards.greenhouse.io/corpus/jobs/5001002',
        postedAt: null,
        updatedAt: '2024-05-03T08:00:00.000Z',
      },
      bareJob('5001003', 'Poste sans détails'),
      support,
      // The board lists the job twice: both records reach the run, which resolves them as identical duplicates.
      support,
    ]);
  });
});
