import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../../importers/feed';
import { CONFIGS } from '../../importers/feed/fixtures/configs';
import { registry } from '../../importers/registry';
import { type FixtureServer, serveFixtures } from '../../importers/sdk/kinds/test-context';
import { UsageError } from './errors';
import { reviewFeedConfig, suggestCommand } from './suggest';

const fixture = (name: string) => ({ file: new URL(`../../importers/feed/fixtures/${name}`, import.meta.url) });

describe('importer try feed --suggest', () => {
  let server: FixtureServer;
  const output = () => {
    const lines: string[] = [];
    return { lines, io: { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(`ERR ${t}`) } };
  };

  beforeAll(async () => {
    server = await serveFixtures({
      '/flux.xml': { contentType: 'application/xml', body: fixture('cadremploi.xml') },
      '/api/job-ads': { body: fixture('digitalrecruiters-1.json') },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('prints the items, the paths with coverage and a sample, and a configuration that validates', async () => {
    const { lines, io } = output();
    expect(await suggestCommand(registry.get('feed')!, `${server.origin}/flux.xml`, undefined, io)).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('Items  `jobs/offer` ×2');
    expect(text).toMatch(/ {2}location\/city +2\/2 {2}"Lyon"/);
    const proposed = JSON.parse(text.slice(text.indexOf('{', text.indexOf('Proposed configuration')))) as Record<string, unknown>;
    expect(proposed).toMatchObject({ feedUrl: `${server.origin}/flux.xml`, format: 'xml', items: 'jobs/offer', fields: { externalId: '@id', title: 'title', city: 'location/city' } });
    expect(feedConfigSchema.safeParse(proposed).success).toBe(true);
  });

  it('proposes a JSON configuration reading the first office of an array of offices', async () => {
    const { lines, io } = output();
    await suggestCommand(registry.get('feed')!, `${server.origin}/api/job-ads`, undefined, io);
    const text = lines.join('\n');
    expect(text).toContain('Items  `data.jobs` ×2');
    expect(text).toContain('offices[*].city');
    expect(JSON.parse(text.slice(text.indexOf('{', text.indexOf('Proposed configuration'))))).toMatchObject({ format: 'json', items: 'data.jobs', fields: { city: 'offices[0].city' } });
  });

  it('is for the feed importer only', async () => {
    await expect(suggestCommand(registry.get('greenhouse')!, `${server.origin}/flux.xml`, undefined, output().io)).rejects.toThrow(UsageError);
  });

  it('after a dry run, lists the source paths no field reads', async () => {
    const { lines, io } = output();
    await reviewFeedConfig({ feedUrl: `${server.origin}/flux.xml`, ...CONFIGS.cadremploi }, {}, io);
    expect(lines.join('\n')).toBe(
      ['', 'Source paths (first page):', '  `reference` in 2/2 items, not mapped', '  `category` in 2/2 items, not mapped', '  `category[3]` in 1/2 items, not mapped'].join('\n'),
    );
  });
});
