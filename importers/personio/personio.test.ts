import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { TruncatedFeedError } from '../sdk/kinds/xml';
import { normaliseJob } from '../sdk/normalise';
import { personio } from './index';
import { personioContract } from './map';

const FIXTURE = new URL('./fixtures/jobs-fr.xml', import.meta.url);
const XML = 'application/xml; charset=utf-8';

/** The feed cut into 7-character pieces: chunk boundaries fall inside tags, CDATA sections and entities. */
async function* inPieces(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('personio importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;
  let feed: string;
  const config = (baseUrl: string) => personio.configSchema.parse({ company: 'brasserie-vieux-port', country: 'FR', baseUrl });

  beforeAll(async () => {
    feed = await readFile(FIXTURE, 'utf8');
    server = await serveFixtures({
      '/xml?language=fr': { contentType: XML, body: { file: FIXTURE } },
      '/chunked/xml?language=fr': { contentType: 'application/xml', body: () => inPieces(feed) },
      // Cut inside the second position's description, as a dropped transfer would leave it.
      '/cut/xml?language=fr': { contentType: XML, body: feed.slice(0, feed.indexOf('Développement des cafés')) },
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  const expectedRaw = (origin: string) => [
    {
      externalId: '1487522',
      title: 'Brasseur·se confirmé·e (H/F)',
      description:
        "<h3>Vos missions</h3><p>Vous conduisez les brassins de A à Z &amp; veillez à l'hygiène de la salle.</p>" +
        '<ul><li>Suivi des fermentations</li><li>Contrôle qualité</li></ul>\n' +
        '<h3>Votre profil</h3><p>Diplôme en brasserie ou 3 ans d’expérience.</p>',
      locations: [{ city: 'Marseille', region: null, postalCode: null, country: 'FR', remote: false }, { city: 'Aix-en-Provence', region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: 'permanent',
      workingTime: 'full-time',
      contractLabel: 'permanent, full-time',
      department: 'Production',
      salary: null,
      applyUrl: `${origin}/job/1487522?language=fr`,
      postedAt: '2024-02-12T09:31:07+00:00',
      updatedAt: null,
    },
    {
      externalId: '1502210',
      title: 'Commercial·e CHR – temps partiel',
      description: '<h3>Le poste</h3><p>Développement des cafés, hôtels et restaurants du littoral.</p>',
      locations: [{ city: 'Marseille', region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: 'permanent',
      workingTime: 'part-time',
      contractLabel: 'permanent, part-time',
      department: 'Commercial',
      salary: null,
      applyUrl: `${origin}/job/1502210?language=fr`,
      postedAt: '2024-03-01T14:05:00+01:00',
      updatedAt: null,
    },
    {
      externalId: '1503111',
      title: 'Stage Communication & Événementiel',
      description: '<h3>Vos missions</h3><p>Organisation des dégustations et animation de nos réseaux sociaux.</p>',
      locations: [{ city: 'Aix-en-Provence', region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: 'intern',
      workingTime: 'full-time',
      contractLabel: 'intern, full-time',
      department: 'Marketing',
      salary: null,
      applyUrl: `${origin}/job/1503111?language=fr`,
      postedAt: '2024-03-08T08:00:00+01:00',
      updatedAt: null,
    },
  ];

  it('streams positions with their titled CDATA descriptions and every office', async () => {
    const jobs = await collect(personio.extract(ctx, config(server.origin)));
    expect(jobs.map((j) => j.sourceUrl)).toStrictEqual(Array(3).fill(`${server.origin}/xml?language=fr`));
    expect(jobs.map((j) => j.raw)).toStrictEqual(expectedRaw(server.origin));
  });

  it('reads the same records when chunks split tags, CDATA and multi-byte characters', async () => {
    const origin = `${server.origin}/chunked`;
    const jobs = await collect(personio.extract(ctx, config(origin)));
    expect(jobs.map((j) => j.raw)).toStrictEqual(expectedRaw(origin));
  });

  it('normalises offsets to UTC and keeps accents and entities intact', async () => {
    const jobs = normaliseAll(await collect(personio.extract(ctx, config(server.origin))));
    expect(jobs.map((j) => [j.title, j.description, j.contractType, j.workingTime, j.postedAt])).toStrictEqual([
      [
        'Brasseur·se confirmé·e (H/F)',
        "<h3>Vos missions</h3><p>Vous conduisez les brassins de A à Z &amp; veillez à l'hygiène de la salle.</p>" +
          '<ul><li>Suivi des fermentations</li><li>Contrôle qualité</li></ul>' +
          '<h3>Votre profil</h3><p>Diplôme en brasserie ou 3 ans d’expérience.</p>',
        'permanent',
        'full_time',
        '2024-02-12T09:31:07.000Z',
      ],
      [
        'Commercial·e CHR – temps partiel',
        '<h3>Le poste</h3><p>Développement des cafés, hôtels et restaurants du littoral.</p>',
        'permanent',
        'part_time',
        '2024-03-01T13:05:00.000Z',
      ],
      [
        'Stage Communication & Événementiel',
        '<h3>Vos missions</h3><p>Organisation des dégustations et animation de nos réseaux sociaux.</p>',
        'internship',
        'full_time',
        '2024-03-08T07:00:00.000Z',
      ],
    ]);
    expect(jobs[0]).toStrictEqual({
      externalId: '1487522',
      title: 'Brasseur·se confirmé·e (H/F)',
      description:
        "<h3>Vos missions</h3><p>Vous conduisez les brassins de A à Z &amp; veillez à l'hygiène de la salle.</p>" +
        '<ul><li>Suivi des fermentations</li><li>Contrôle qualité</li></ul>' +
        '<h3>Votre profil</h3><p>Diplôme en brasserie ou 3 ans d’expérience.</p>',
      locations: [{ city: 'Marseille', region: null, postalCode: null, country: 'FR', remote: false }, { city: 'Aix-en-Provence', region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: 'permanent',
      workingTime: 'full_time',
      contractLabel: 'permanent, full-time',
      department: 'Production',
      salary: null,
      applyUrl: `${server.origin}/job/1487522?language=fr`,
      postedAt: '2024-02-12T09:31:07.000Z',
      updatedAt: null,
    });
  });

  it('fails on a cut-off feed, naming the URL and the line, instead of closing the missing jobs', async () => {
    const origin = `${server.origin}/cut`;
    const seen: string[] = [];
    const run = async () => {
      for await (const job of personio.extract(ctx, config(origin))) seen.push(String(job.raw.externalId));
    };
    const line = feed.slice(0, feed.indexOf('Développement des cafés')).split('\n').length;
    await expect(run()).rejects.toBeInstanceOf(TruncatedFeedError);
    await expect(run()).rejects.toThrow(`XML feed ${origin}/xml?language=fr ended early at line ${line}`);
    // The first position was complete and handed out before the cut was noticed: the run still fails.
    expect(seen).toStrictEqual(['1487522', '1487522']);
  });

  it('reads the contract and the schedule apart, keeping both codes as the label', () => {
    const read = (type: string | null, schedule: string | null) => {
      const result = normaliseJob({ externalId: '1', title: 'x', ...personioContract(type, schedule) });
      if (!result.ok) throw new Error('expected a valid job');
      return [result.job.contractType, result.job.workingTime, result.job.contractLabel];
    };
    expect(read('permanent', 'full-time')).toStrictEqual(['permanent', 'full_time', 'permanent, full-time']);
    expect(read('permanent', 'part-time')).toStrictEqual(['permanent', 'part_time', 'permanent, part-time']);
    expect(read('temporary', 'part-time')).toStrictEqual(['fixed_term', 'part_time', 'temporary, part-time']);
    expect(read('trainee', 'full-time')).toStrictEqual(['apprenticeship', 'full_time', 'trainee, full-time']);
    expect(read('working_student', 'part-time')).toStrictEqual(['other', 'part_time', 'working_student, part-time']);
    expect(read('intern', 'flexible')).toStrictEqual(['internship', null, 'intern, flexible']);
    expect(read(null, 'full-time')).toStrictEqual([null, 'full_time', 'full-time']);
    expect(read(null, null)).toStrictEqual([null, null, null]);
    expect(read('mystery', null)).toStrictEqual(['other', null, 'mystery']);
  });
});
