// Runs of real importers against the fixture client sites, with their fault modes: what is applied, what
// is quarantined, and what the alert tells the team.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStateQuery, type ImportRunResult } from '../contracts';
import { alerts, jobs } from '../db/schema';
import { startClientSites, type ClientSites } from './sites/server';
import { configuredImport, openJobs, runFailure, runToEnd, startRun } from './support/runs';
import { connectTestStack, startWorker, type TestContext } from './support/stack';

let ctx: TestContext;
let worker: Awaited<ReturnType<typeof startWorker>>;
let sites: ClientSites;

beforeAll(async () => {
  ctx = await connectTestStack();
  worker = await startWorker(ctx);
  sites = await startClientSites();
});

afterAll(async () => {
  await worker?.stop();
  await sites?.close();
  await ctx?.close();
});

const acmeImport = () => configuredImport(ctx, { importerKey: 'demo-careers', config: { ...sites.sites.acme.importerConfig() } });

describe('runs on the fixture client sites', () => {
  it('imports a Latin-1 career site with its accents intact', async () => {
    const imp = await configuredImport(ctx, { importerKey: 'demo-careers', config: { ...sites.sites.latin1.importerConfig() } });
    const result = await runToEnd(ctx, imp.id);
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: sites.sites.latin1.jobs.length, invalid: 0 } });
    const [job] = await ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, '1001')));
    const expected = sites.sites.latin1.jobs.find((j) => j.id === '1001')!;
    expect((job!.data as { title: string }).title).toBe(expected.title);
    expect(expected.title).toMatch(/[éèàç]/);
  });

  it('fails a run on a changed layout, with an alert naming the selector, and applies nothing', async () => {
    const imp = await acmeImport();
    await runToEnd(ctx, imp.id);
    sites.sites.acme.setFault({ kind: 'changed-layout' });
    try {
      const { cause } = await runFailure(ctx, imp.id);
      expect(cause.type).toBe('LayoutChanged');
    } finally {
      sites.sites.acme.setFault(null);
    }
    expect(await openJobs(ctx, imp.id)).toHaveLength(sites.sites.acme.jobs.length);
    const [alert] = await ctx.database.db.select().from(alerts).where(and(eq(alerts.importId, imp.id), eq(alerts.kind, 'run_failed')));
    const context = alert!.context as any;
    expect(context.error).toMatchObject({ type: 'LayoutChanged', retryable: false, url: `${sites.sites.acme.url}/emplois` });
    expect(context.error.selector).toBe('section.liste-offres article.offre');
    expect(context.error.message).toContain('section.liste-offres article.offre');
    expect(context.excerpt.text).toMatch(/<html/i);
  });

  it('quarantines a run where a field stopped matching, naming the broken selector', async () => {
    const imp = await acmeImport();
    await runToEnd(ctx, imp.id);
    sites.sites.acme.setFault({ kind: 'break-field', field: 'location' });
    const handle = await startRun(ctx, imp.id);
    try {
      await expect.poll(async () => (await handle.query(runStateQuery)).phase, { timeout: 30_000 }).toBe('quarantined');
    } finally {
      sites.sites.acme.setFault(null);
    }
    const state = await handle.query(runStateQuery);
    expect(state.failedChecks).toEqual(expect.arrayContaining(['field_coverage', 'selectors']));
    const [alert] = await ctx.database.db.select().from(alerts).where(and(eq(alerts.runId, state.runId!), eq(alerts.kind, 'run_quarantined')));
    const context = alert!.context as any;
    expect(context.brokenSelectors).toEqual([expect.objectContaining({ field: 'city', selector: '.offre__lieu' })]);
    const coverage = context.failingChecks.find((c: any) => c.check === 'field_coverage');
    expect(coverage.message).toMatch(/location\.city: coverage 0 % \(was 100 %/);
    expect(context.sample.job).toMatchObject({ location: { city: null } });
    // The jobs online keep their cities.
    const [online] = await ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, '1001')));
    expect((online!.data as any).location.city).not.toBeNull();
    await ctx.env.client.workflow.getHandle(handle.workflowId).terminate('test done');
  });

  it('quarantines a volume drop against the median of the last good runs', async () => {
    const imp = await configuredImport(ctx, { importerKey: 'greenhouse', config: { ...sites.sites.greenhouse.importerConfig() } });
    for (let i = 0; i < 3; i += 1) expect((await runToEnd(ctx, imp.id)).outcome).toBe('applied');
    sites.sites.greenhouse.setFault({ kind: 'drop', keep: 5 });
    let result: ImportRunResult;
    try {
      result = await runToEnd(ctx, imp.id, { quarantineTimeout: '1 second' });
    } finally {
      sites.sites.greenhouse.setFault(null);
    }
    expect(result).toMatchObject({ outcome: 'discarded', failedChecks: ['count_drop'] });
    const [alert] = await ctx.database.db.select().from(alerts).where(and(eq(alerts.runId, result.runId), eq(alerts.kind, 'run_quarantined')));
    const total = sites.sites.greenhouse.jobs.length;
    expect((alert!.context as any).failingChecks[0].message).toMatch(new RegExp(`^5 jobs, median of last 3 good runs ${total} \\(`));
    expect(await openJobs(ctx, imp.id)).toHaveLength(total);
  });

  it('fails on a maintenance page instead of closing every job', async () => {
    const imp = await acmeImport();
    await runToEnd(ctx, imp.id);
    sites.sites.acme.setFault({ kind: 'maintenance' });
    try {
      const { cause } = await runFailure(ctx, imp.id);
      expect(cause.type).toBe('LayoutChanged');
    } finally {
      sites.sites.acme.setFault(null);
    }
    expect(await openJobs(ctx, imp.id)).toHaveLength(sites.sites.acme.jobs.length);
  });
});
