import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIGS } from './fixtures/configs';
import { reviewConfig, suggestFeed } from './suggest';

const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const suggest = (name: string) => suggestFeed(text(name), { contentType: null, url: `http://127.0.0.1/${name}` });

describe('--suggest', () => {
  it('finds the repeating item of each fixture and proposes its id and title', async () => {
    const found = await Promise.all(
      ['cadremploi.xml', 'regionsjob.xml', 'talentsoft.rss', 'digitalrecruiters-1.json', 'jobboard-export.json', 'handmade.xml', 'atom.xml'].map(async (name) => {
        const s = await suggest(name);
        return [name, s.items, s.count, s.fields.externalId, s.fields.title];
      }),
    );
    expect(found).toStrictEqual([
      ['cadremploi.xml', 'jobs/offer', 2, '@id', 'title'],
      ['regionsjob.xml', 'annonces/annonce', 2, 'lien', 'intitule'],
      ['talentsoft.rss', 'rss/channel/item', 2, 'guid', 'title'],
      ['digitalrecruiters-1.json', 'data.jobs', 2, 'id', 'title'],
      ['jobboard-export.json', '$', 2, 'link', 'name'],
      ['handmade.xml', 'offres/offre', 2, 'ref', 'titre'],
      ['atom.xml', 'feed/entry', 1, 'id', 'title'],
    ]);
    const indeed = await suggestFeed(readFileSync(new URL('../multiposting-xml/fixtures/feed.xml', import.meta.url), 'utf8'), { contentType: 'text/xml', url: 'http://127.0.0.1/indeed.xml' });
    expect([indeed.items, indeed.count, indeed.fields.externalId, indeed.fields.title, indeed.fields.city, indeed.fields.salaryText]).toStrictEqual([
      'source/job',
      3,
      'referencenumber',
      'title',
      'city',
      'salary',
    ]);
    const dr = await suggest('digitalrecruiters-1.json');
    expect(dr.paths.find((p) => p.path === 'offices[*].city')).toStrictEqual({ path: 'offices[*].city', items: 2, sample: 'Marseille | Aix-en-Provence', distinct: 2 });
    expect(dr.fields.city).toBe('offices[0].city');
  });

  it('lists the source paths no field reads, and a unique path when the id repeats', async () => {
    expect(reviewConfig(await suggest('cadremploi.xml'), CONFIGS.cadremploi.fields)).toStrictEqual([
      '`reference` in 2/2 items, not mapped',
      '`category` in 2/2 items, not mapped',
      '`category[3]` in 1/2 items, not mapped',
    ]);
    const dupes = await suggestFeed('<jobs><job><ref>1</ref><link>/a</link></job><job><ref>1</ref><link>/b</link></job></jobs>', { contentType: null, url: 'http://x/' });
    expect(reviewConfig(dupes, { externalId: 'ref', title: 'ref' })).toStrictEqual([
      '`link` in 2/2 items, not mapped',
      '`ref` repeats (1 values for 2 items): records with the same id are a duplicates conflict; `link` is unique in every item',
    ]);
  });
});
