// A feed imported by configuration only (importer `feed`), through the real importRun workflow: a hand-built
// XML feed with bare `&` is applied whole and the run's observations say what was forgiven; a paged JSON API is
// applied across its pages.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, runs } from '../db/schema';
import { CONFIGS } from '../importers/feed/fixtures/configs';
import { type FixtureServer, serveFixtures } from '../importers/sdk/kinds/test-context';
import { configuredImport, openJobs, runToEnd } from './support/runs';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });
const fixture = (name: string) => ({ file: new URL(`../importers/feed/fixtures/${name}`, import.meta.url) });
let server: FixtureServer;

beforeAll(async () => {
  server = await serveFixtures({
    '/offres.xml': { contentType: 'application/xml; charset=utf-8', body: fixture('handmade.xml') },
    '/api/job-ads?page=1': { body: fixture('digitalrecruiters-1.json') },
    '/api/job-ads?page=2': { body: fixture('digitalrecruiters-2.json') },
  });
});

afterAll(async () => {
  await server?.close();
});

describe('importRun with the feed importer', () => {
  it('applies a hand-built XML feed with bare & and says in the run what it forgave', async () => {
    const imp = await configuredImport(stack.ctx, { importerKey: 'feed', config: { feedUrl: `${server.origin}/offres.xml`, ...CONFIGS.handmade } });
    const result = await runToEnd(stack.ctx, imp.id);
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: 2, invalid: 0 } });
    const [job] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, 'HM-1')));
    expect(job!.data).toMatchObject({ title: 'Ingénieur R&D - Recherche & Développement', locations: [{ city: 'Saint-Étienne' }] });
    const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.importId, imp.id));
    const selectors = (run!.observations as { selectors: { field: string; matches: number }[] }).selectors;
    expect(selectors.filter((s) => s.field.startsWith('@feed:')).map(({ field, matches }) => ({ field, matches }))).toStrictEqual([
      { field: '@feed:bare-ampersand', matches: 3 },
      { field: '@feed:html-entity', matches: 5 },
    ]);
  });

  it('applies a paged JSON API across its pages', async () => {
    const imp = await configuredImport(stack.ctx, { importerKey: 'feed', config: { feedUrl: `${server.origin}/api/job-ads`, ...CONFIGS.digitalrecruiters } });
    const result = await runToEnd(stack.ctx, imp.id);
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: 3, invalid: 0 } });
    expect(await openJobs(stack.ctx, imp.id)).toStrictEqual(['DR-40211', 'DR-40215', 'DR-40230']);
    const [job] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, 'DR-40211')));
    expect(job!.data).toMatchObject({ contractType: 'apprenticeship', locations: [{ city: 'Marseille', postalCode: '13008' }], salary: { min: 28000, max: 34000, currency: 'EUR', period: 'year' } });
  });
});
