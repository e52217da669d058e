import { describe, expect, it } from 'vitest';
import { collect, normaliseAll } from '../sdk/kinds/test-context';
import { bareJob, useFixtures } from '../sdk/testing/corpus';
import { personio } from './index';

const place = (city: string | null, country: string | null, remote = false) => ({ city, region: null, postalCode: null, country, remote });

/**
 * A feed in the public shape of `{company}.jobs.personio.de/xml`: additional offices with a repeat, an office that
 * is remote work, hostile HTML in CDATA and escaped HTML outside it, a position with only its id and name, and a
 * position listed once per office. The feed publishes no salary field, so every salary is null.
 */
describe('personio fidelity corpus', () => {
  const fixtures = useFixtures({
    '/xml?language=de': { contentType: 'application/xml; charset=utf-8', body: { file: new URL('./fixtures/corpus/jobs.xml', import.meta.url) } },
  });

  it('normalises every field of every published position', async () => {
    const { server, ctx } = fixtures;
    const config = personio.configSchema.parse({ company: 'corpus', language: 'de', country: 'DE', baseUrl: server.origin });
    const apprentice = (city: string) => ({
      externalId: '2000004',
      title: 'Azubi Kaufmann/-frau für Büromanagement',
      description: '<h3>Ausbildung</h3><p>3 Jahre</p>',
      locations: [place(city, 'DE')],
      contractType: 'apprenticeship',
      workingTime: 'full_time',
      contractLabel: 'trainee, full-time',
      department: null,
      salary: null,
      applyUrl: `${server.origin}/job/2000004?language=de`,
      postedAt: '2024-04-04T10:00:00.000Z',
      updatedAt: null,
    });
    expect(normaliseAll(await collect(personio.extract(ctx, config)))).toStrictEqual([
      {
        externalId: '2000001',
        title: 'Senior Backend Engineer (m/w/d)',
        description:
          '<h3>Deine Aufgaben &amp; Ziele</h3><p>Du baust APIs &amp; Dienste.</p><ul><li>Go</li><li>Postgres</li></ul>' +
          '<h3>Gehalt</h3><p>65.000 – 80.000 € brutto</p>',
        locations: [place('Berlin', 'DE'), place('München', 'DE'), place('Hamburg', 'DE')],
        contractType: 'permanent',
        workingTime: 'full_time',
        contractLabel: 'permanent, full-time',
        department: 'Engineering',
        salary: null,
        applyUrl: `${server.origin}/job/2000001?language=de`,
        postedAt: '2024-04-02T06:15:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '2000002',
        title: 'Werkstudent Vertrieb & Marketing',
        description: '<h3>Über uns</h3><p>Escaped HTML, not CDATA: &amp; stays an ampersand.</p>',
        // The office "Remote" is remote work, not a city.
        locations: [place(null, 'DE', true)],
        contractType: 'other',
        workingTime: 'part_time',
        contractLabel: 'working_student, part-time',
        department: 'Sales',
        salary: null,
        applyUrl: `${server.origin}/job/2000002?language=de`,
        postedAt: '2024-04-03T10:00:00.000Z',
        updatedAt: null,
      },
      { ...bareJob('2000003', 'Initiativbewerbung'), applyUrl: `${server.origin}/job/2000003?language=de` },
      // Listed once per office: the run merges the two records' locations (resolveDuplicates).
      apprentice('Hamburg'),
      apprentice('Köln'),
    ]);
  });
});
