// Shared steps of the production deploy tests: an import brought to `production_deploy` on the Greenhouse
// fixture board (through a real staging run), and production as rows and a schedule description, to compare.
import { ScheduleNotFoundError } from '@temporalio/client';
import { and, asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { clientDecisionUpdate, deployStagingUpdate, scheduleId, stateQuery, type LifecycleInput } from '../../contracts';
import { alerts, importConfigs, importVersions, jobs } from '../../db/schema';
import type { ClientSites } from '../../demo/sites/server';
import { driveTo, startLifecycle, submission } from './lifecycle';
import type { TestContext } from './stack';

/** A lifecycle whose first staging run on the Greenhouse fixture board applied: it waits in `client_validation`. */
export async function toClientValidation(ctx: TestContext, sites: ClientSites, input: Partial<LifecycleInput> = {}) {
  const started = await startLifecycle(ctx, { deployQuarantineTimeout: '1 second', ...input });
  const submit = submission({ version: 'c0ffee1', config: { ...sites.sites.greenhouse.importerConfig() }, fetchPolicy: { totalTimeoutMs: 10_000 }, schedule: '0 6 * * *' });
  await driveTo(started.handle, 'approved', { submit });
  await started.handle.executeUpdate(deployStagingUpdate, { args: [{ by: 'dev.bob' }] });
  await expect.poll(async () => (await started.handle.query(stateQuery)).stage, { timeout: 60_000, interval: 300 }).toBe('client_validation');
  return started;
}

/** A lifecycle validated by the client after a first staging run that applied: it waits in `production_deploy`. */
export async function toProductionDeploy(ctx: TestContext, sites: ClientSites, input: Partial<LifecycleInput> = {}) {
  const started = await toClientValidation(ctx, sites, input);
  const state = await started.handle.executeUpdate(clientDecisionUpdate, { args: [{ by: 'am.claire', decision: 'validate' }] });
  expect(state.stage).toBe('production_deploy');
  return started;
}

/**
 * Production of one import: job rows, config row, versions and the schedule's description, as comparable data.
 * It reads much what the deploy's snapshot (`productionRows` in db/queries/deploys.ts) reads, written again ON PURPOSE: this is
 * the tests' independent oracle of "production is exactly as before", so a mistake in the snapshot's select cannot
 * hide itself by being shared with the check. Do not replace it with the snapshot's code.
 */
export async function production(ctx: TestContext, importId: string) {
  const { db } = ctx.database;
  const jobRows = await db
    .select({
      externalId: jobs.externalId,
      status: jobs.status,
      contentHash: jobs.contentHash,
      data: jobs.data,
      closedAt: sql<string | null>`${jobs.closedAt}::text`,
      updatedAt: sql<string>`${jobs.updatedAt}::text`,
    })
    .from(jobs)
    .where(and(eq(jobs.importId, importId), eq(jobs.environment, 'production')))
    .orderBy(asc(jobs.externalId));
  const [config] = await db
    .select({ importerKey: importConfigs.importerKey, config: importConfigs.config, checks: importConfigs.checks, fetchPolicy: importConfigs.fetchPolicy, schedule: importConfigs.schedule, updatedAt: sql<string>`${importConfigs.updatedAt}::text` })
    .from(importConfigs)
    .where(and(eq(importConfigs.importId, importId), eq(importConfigs.environment, 'production')));
  const versions = await db.select().from(importVersions).where(eq(importVersions.importId, importId)).orderBy(asc(importVersions.number));
  let schedule: unknown = null;
  try {
    const d = await ctx.env.client.schedule.getHandle(scheduleId(importId, 'production')).describe();
    schedule = { paused: d.state.paused, note: d.state.note ?? null, spec: JSON.parse(JSON.stringify(d.spec)) as unknown };
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  return { jobs: jobRows, config: config ?? null, versions, schedule };
}

export async function deployAlerts(ctx: TestContext, importId: string) {
  const rows = await ctx.database.db.select().from(alerts).where(and(eq(alerts.importId, importId), eq(alerts.kind, 'deploy_failed'))).orderBy(asc(alerts.id));
  return rows.map((a) => ({ environment: a.environment, summary: a.summary, context: a.context }));
}
