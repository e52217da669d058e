// Runs of real importers against the fixture client sites, with their fault modes: what is applied, what
// is quarantined, and what the alert tells the team.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runStateQuery, type ImportRunResult } from '../contracts';
import { alerts, jobs, runs } from '../db/schema';
import { configuredImport, openJobs, runFailure, runToEnd, startRun } from './support/runs';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true });

const acmeImport = () => configuredImport(stack.ctx, { importerKey: 'demo-careers', config: { ...stack.sites.sites.acme.importerConfig() } });

describe('runs on the fixture client sites', () => {
  it('imports a Latin-1 career site with its accents intact', async () => {
    const imp = await configuredImport(stack.ctx, { importerKey: 'demo-careers', config: { ...stack.sites.sites.latin1.importerConfig() } });
    const result = await runToEnd(stack.ctx, imp.id);
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: stack.sites.sites.latin1.jobs.length, invalid: 0 } });
    const [job] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, '1001')));
    const expected = stack.sites.sites.latin1.jobs.find((j) => j.id === '1001')!;
    expect((job!.data as { title: string }).title).toBe(expected.title);
    expect(expected.title).toMatch(/[éèàç]/);
  });

  it('fails a run on a changed layout, with an alert naming the selector, and applies nothing', async () => {
    const imp = await acmeImport();
    await runToEnd(stack.ctx, imp.id);
    stack.sites.sites.acme.setFault({ kind: 'changed-layout' });
    try {
      const { cause } = await runFailure(stack.ctx, imp.id);
      expect(cause.type).toBe('LayoutChanged');
    } finally {
      stack.sites.sites.acme.setFault(null);
    }
    expect(await openJobs(stack.ctx, imp.id)).toHaveLength(stack.sites.sites.acme.jobs.length);
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.importId, imp.id), eq(alerts.kind, 'run_failed')));
    const context = alert!.context as any;
    expect(context.error).toMatchObject({ type: 'LayoutChanged', retryable: false, url: `${stack.sites.sites.acme.url}/emplois` });
    expect(context.error.selector).toBe('section.liste-offres article.offre');
    expect(context.error.message).toContain('section.liste-offres article.offre');
    expect(context.excerpt.text).toMatch(/<html/i);
  });

  it('quarantines a run where a field stopped matching, naming the broken selector', async () => {
    const imp = await acmeImport();
    await runToEnd(stack.ctx, imp.id);
    stack.sites.sites.acme.setFault({ kind: 'break-field', field: 'location' });
    const handle = await startRun(stack.ctx, imp.id);
    try {
      await expect.poll(async () => (await handle.query(runStateQuery)).phase, { timeout: 30_000 }).toBe('quarantined');
    } finally {
      stack.sites.sites.acme.setFault(null);
    }
    const state = await handle.query(runStateQuery);
    expect(state.failedChecks).toEqual(expect.arrayContaining(['field_coverage', 'selectors']));
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.runId, state.runId!), eq(alerts.kind, 'run_quarantined')));
    const context = alert!.context as any;
    expect(context.brokenSelectors).toEqual([expect.objectContaining({ field: 'city', selector: '.offre__lieu' })]);
    const coverage = context.failingChecks.find((c: any) => c.check === 'field_coverage');
    expect(coverage.message).toMatch(/locations\.city: coverage 0 % \(was 100 %/);
    expect(context.sample.job).toMatchObject({ locations: [{ city: null }] });
    // The jobs online keep their cities.
    const [online] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, '1001')));
    expect((online!.data as any).locations[0].city).not.toBeNull();
    await stack.ctx.env.client.workflow.getHandle(handle.workflowId).terminate('test done');
  });

  it('quarantines a volume drop against the median of the last good runs', async () => {
    const imp = await configuredImport(stack.ctx, { importerKey: 'greenhouse', config: { ...stack.sites.sites.greenhouse.importerConfig() } });
    for (let i = 0; i < 3; i += 1) expect((await runToEnd(stack.ctx, imp.id)).outcome).toBe('applied');
    stack.sites.sites.greenhouse.setFault({ kind: 'drop', keep: 5 });
    let result: ImportRunResult;
    try {
      result = await runToEnd(stack.ctx, imp.id, { quarantineTimeout: '1 second' });
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    expect(result).toMatchObject({ outcome: 'discarded', failedChecks: ['count_drop'] });
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.runId, result.runId), eq(alerts.kind, 'run_quarantined')));
    const total = stack.sites.sites.greenhouse.jobs.length;
    expect((alert!.context as any).failingChecks[0].message).toMatch(new RegExp(`^5 jobs, median of last 3 good runs ${total} \\(`));
    expect(await openJobs(stack.ctx, imp.id)).toHaveLength(total);
  });

  it("checks the site's own count end to end: applied when it agrees, quarantined with expected_count when it does not", async () => {
    const acme = stack.sites.sites.acme;
    const config = { ...acme.genericConfig(), expectedCount: { selector: '.liste-offres__total', pattern: '(\\d+)\\s*offres?' } };
    const imp = await configuredImport(stack.ctx, { importerKey: 'html-site', config });
    const agreeing = await runToEnd(stack.ctx, imp.id);
    expect(agreeing).toMatchObject({ outcome: 'applied', counts: { created: acme.jobs.length, invalid: 0 } });
    const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.id, agreeing.runId));
    expect((run!.checks as { check: string }[]).find((c) => c.check === 'expected_count')).toMatchObject({ status: 'pass', message: `${acme.jobs.length} jobs read, as the site shows ("${acme.jobs.length} offres")` });

    // The site says 42 offers and lists 25: a silent undercount (or a stale count) a human must look at.
    acme.setFault({ kind: 'shown-count', count: 42 });
    let result: ImportRunResult;
    try {
      result = await runToEnd(stack.ctx, imp.id, { quarantineTimeout: '1 second' });
    } finally {
      acme.setFault(null);
    }
    expect(result).toMatchObject({ outcome: 'discarded', failedChecks: ['expected_count'] });
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.runId, result.runId), eq(alerts.kind, 'run_quarantined')));
    expect((alert!.context as any).failingChecks[0]).toMatchObject({
      check: 'expected_count',
      message: `${acme.jobs.length} jobs read, the site shows 42 ("42 offres"): ${42 - acme.jobs.length} missing`,
    });
    expect(await openJobs(stack.ctx, imp.id)).toHaveLength(acme.jobs.length);
  });

  it("quarantines a run whose records hold mojibake, naming the record and the field", async () => {
    const acme = stack.sites.sites.acme;
    const imp = await acmeImport();
    const before = acme.jobs;
    acme.setJobs(before.map((job) => (job.id === '1001' ? { ...job, title: `${job.title} R\ufffdception` } : job)));
    let result: ImportRunResult;
    try {
      result = await runToEnd(stack.ctx, imp.id, { quarantineTimeout: '1 second' });
    } finally {
      acme.setJobs(before);
    }
    expect(result).toMatchObject({ outcome: 'discarded', failedChecks: ['encoding'] });
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.runId, result.runId), eq(alerts.kind, 'run_quarantined')));
    expect((alert!.context as any).failingChecks[0].message).toContain('1 record holds mojibake or U+FFFD in its fields, e.g. "1001" title:');
  });

  it('fails on a maintenance page instead of closing every job', async () => {
    const imp = await acmeImport();
    await runToEnd(stack.ctx, imp.id);
    stack.sites.sites.acme.setFault({ kind: 'maintenance' });
    try {
      const { cause } = await runFailure(stack.ctx, imp.id);
      expect(cause.type).toBe('LayoutChanged');
    } finally {
      stack.sites.sites.acme.setFault(null);
    }
    expect(await openJobs(stack.ctx, imp.id)).toHaveLength(stack.sites.sites.acme.jobs.length);
  });
});
