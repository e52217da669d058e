// The production deploy saga on its own, from an import already live (version 1): a fault injected at each
// step leaves production exactly as it was and raises an incident; a worker stopped in the middle of a deploy
// and replaced finishes it once.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDeployActivities } from '../activities/deploy/deploy.activities';
import { completeHandOffUpdate, DEPLOY_STEPS, deployProductionUpdate, stateQuery, type DeployStep, type ProductionDeployInput, type ProductionDeployResult } from '../contracts';
import { deploySnapshots, importConfigs, importVersions, jobChanges, runs } from '../db/schema';
import { addJob, changeJob, DEFAULT_JOBS, removeJob } from '../demo/sites/jobs';
import { deployAlerts, production, toProductionDeploy } from './support/deploy';
import { failDeployAt } from './support/deploy-faults';
import { maybeRecordHistory } from './support/histories';
import { startWorker } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true });
let importId: string;

// expect.poll works inside tests only: the live version 1 the other tests start from is made by the first one.
it('starts from an import live in production (version 1)', { timeout: 180_000 }, async () => {
  const { row, handle } = await toProductionDeploy(stack.ctx, stack.sites);
  importId = row.id;
  await handle.executeUpdate(deployProductionUpdate, { args: [{ by: 'ops.marc' }] });
  await expect.poll(async () => (await handle.query(stateQuery)).stage, { timeout: 60_000, interval: 300 }).toBe('handed_off');
  expect((await handle.executeUpdate(completeHandOffUpdate, { args: [{ by: 'am.claire', appActivated: true, campaignsStarted: true }] })).stage).toBe('live');
  // What the next deploys would change: a job edited, one gone, one new on the site; another cron and checks.
  stack.sites.sites.greenhouse.setJobs(addJob(removeJob(changeJob(DEFAULT_JOBS, '1003', { title: 'Chef de projet senior' }), '1005')));
  await stack.ctx.database.db
    .update(importConfigs)
    .set({ schedule: '0 7 * * *', checks: { countDrop: { maxDropRatio: 0.3 } } })
    .where(and(eq(importConfigs.importId, importId), eq(importConfigs.environment, 'staging')));
});

function start(deployId: string, failAt?: DeployStep) {
  if (failAt) failDeployAt(deployId, failAt);
  return stack.ctx.env.client.workflow.start('productionDeploy', {
    workflowId: deployId,
    taskQueue: stack.ctx.taskQueue,
    args: [{ importId, deployId, by: 'ops.marc', source: { kind: 'staging', codeVersion: 'c0ffee2', reviewedBy: 'dev.bob' }, quarantineTimeout: '1 second' } satisfies ProductionDeployInput],
  });
}

describe('a fault at each step of the production deploy', () => {
  it.each(DEPLOY_STEPS.map((step) => [step]))('at %s: production is left exactly as before, and an incident is raised', async (step: DeployStep) => {
    const before = await production(stack.ctx, importId);
    expect(before.versions.filter((v) => v.status === 'live')).toHaveLength(1);
    const deployId = `production-deploy:${importId}:fault-${step}`;
    const handle = await start(deployId, step);
    const result = (await handle.result()) as ProductionDeployResult;
    expect(result).toEqual({ ok: false, failedStep: step, error: { type: 'InjectedFault', message: `fault injected at step "${step}"` } });

    const after = await production(stack.ctx, importId);
    const known = new Set(before.jobs.map((j) => j.externalId));
    expect(after.jobs.filter((j) => known.has(j.externalId))).toEqual(before.jobs);
    expect(after.jobs.filter((j) => !known.has(j.externalId) && j.status === 'open')).toEqual([]);
    expect(after.config).toEqual(before.config);
    expect(after.schedule).toEqual(before.schedule);
    expect(after.versions.filter((v) => v.deployId !== deployId)).toEqual(before.versions);
    expect(after.versions.filter((v) => v.deployId === deployId).map((v) => v.status)).toEqual(step === 'snapshot' || step === 'setup' ? [] : ['rolled_back']);

    const alert = (await deployAlerts(stack.ctx, importId)).find((a) => a.context.deployId === deployId);
    expect(alert).toMatchObject({
      environment: 'production',
      context: { step, error: { type: 'InjectedFault' }, compensated: DEPLOY_STEPS.slice(0, DEPLOY_STEPS.indexOf(step) + 1).reverse(), links: { temporalUi: expect.stringContaining(encodeURIComponent(deployId)) } },
    });
    const [snapshot] = await stack.ctx.database.db.select().from(deploySnapshots).where(eq(deploySnapshots.deployId, deployId));
    expect(snapshot?.status).toBe('rolled_back');
    if (step === 'run') {
      const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.workflowId, `import-run:${importId}:production:${deployId}`));
      // The run had changed production (a job created, one updated, one closed): all of it was undone.
      expect([run?.status, run?.counts]).toMatchObject(['reverted', { created: 1, updated: 1, closed: 1 }]);
      await maybeRecordHistory(handle, 'production-deploy-fault-at-run');
    }
  });
});

describe('the production schedule during a deploy', () => {
  it('is paused from the snapshot on (no scheduled run between snapshot and schedule step), and restored by its compensation', async () => {
    const before = await production(stack.ctx, importId);
    expect(before.schedule).toMatchObject({ paused: false });
    const deployId = `production-deploy:${importId}:pause-${randomUUID()}`;
    const activities = createDeployActivities({ db: stack.ctx.database.db, temporal: stack.ctx.env.client, links: { temporalUiUrl: 'http://localhost:8233', namespace: stack.ctx.stack.namespace } });
    await activities.deploySnapshot({ deployId, importId, kind: 'deploy' });
    await expect.poll(async () => (await production(stack.ctx, importId)).schedule, { timeout: 10_000, interval: 100 }).toMatchObject({ paused: true, note: `paused by deploy ${deployId} while it runs` });
    // A retried snapshot step keeps the first snapshot (taken while the schedule ran), so the restore is exact.
    await activities.deploySnapshot({ deployId, importId, kind: 'deploy' });
    const [row] = await stack.ctx.database.db.select().from(deploySnapshots).where(eq(deploySnapshots.deployId, deployId));
    expect(row?.snapshot.schedule).toMatchObject({ paused: false });
    await activities.deployCompensate({ deployId, step: 'snapshot' });
    expect((await production(stack.ctx, importId)).schedule).toEqual(before.schedule);
  });
});

describe('a worker stopped in the middle of a deploy', () => {
  it('is replaced and the deploy completes once', { timeout: 240_000 }, async () => {
    const deployId = `production-deploy:${importId}:restart-${randomUUID().slice(0, 8)}`;
    const runWorkflowId = `import-run:${importId}:production:${deployId}`;
    // The site answers 503: the first production run's extraction fails and waits for its retry (30 s), so the
    // worker is stopped with nothing in flight. (A stop during an extraction cancels the importer; the compartment
    // reports that as a retryable `ImporterCancelled`, which this test does not exercise.)
    stack.sites.sites.greenhouse.setFault({ kind: 'status', status: 503 });
    const handle = await start(deployId);
    try {
      await expect
        .poll(
          async () => {
            const run = await stack.ctx.env.client.workflow.getHandle(runWorkflowId).describe().catch(() => null);
            const pending = run?.raw.pendingActivities?.[0];
            return pending?.activityType?.name === 'extractRun' && Number(pending.attempt) >= 2 && Number(pending.state) === 1;
          },
          { timeout: 60_000, interval: 200 },
        )
        .toBe(true);
      await stack.worker.stop();
      // No worker left, and the saga is half-way: promoted and scheduled, not verified.
      const [stopped] = await stack.ctx.database.db.select({ steps: deploySnapshots.steps }).from(deploySnapshots).where(eq(deploySnapshots.deployId, deployId));
      expect(Object.keys(stopped!.steps)).toEqual(expect.arrayContaining(['snapshot', 'setup', 'promote', 'schedule']));
      expect(stopped!.steps).not.toHaveProperty('verify');
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    stack.worker = await startWorker(stack.ctx);
    const result = (await handle.result()) as ProductionDeployResult;
    expect(result).toMatchObject({ ok: true });

    const after = await production(stack.ctx, importId);
    const mine = after.versions.filter((v) => v.deployId === deployId);
    expect(mine.map((v) => [v.status, v.codeVersion])).toEqual([['live', 'c0ffee2']]);
    expect(after.versions.filter((v) => v.status === 'live')).toHaveLength(1);
    expect(after.config).toMatchObject({ schedule: '0 7 * * *' });
    expect(after.schedule).toMatchObject({ paused: false });
    const runRows = await stack.ctx.database.db.select().from(runs).where(eq(runs.workflowId, runWorkflowId));
    expect(runRows.map((r) => r.status)).toEqual(['applied']);
    // One set of jobs: what the site lists is open, once; the run changed each job at most once.
    const open = after.jobs.filter((j) => j.status === 'open').map((j) => j.externalId);
    expect(open.sort()).toEqual(stack.sites.sites.greenhouse.jobs.map((j) => j.id).sort());
    const [changes] = await stack.ctx.database.db
      .select({ total: sql<number>`count(*)::int`, jobs: sql<number>`count(distinct ${jobChanges.jobId})::int` })
      .from(jobChanges)
      .where(eq(jobChanges.runId, runRows[0]!.id));
    expect(changes!.total).toBe(changes!.jobs);
    expect(changes!.total).toBeGreaterThan(0);
    expect((await stack.ctx.database.db.select().from(importVersions).where(eq(importVersions.deployId, deployId))).length).toBe(1);
    await maybeRecordHistory(handle, 'production-deploy-worker-restart');
  });
});
