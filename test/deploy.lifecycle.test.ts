// The production deploy from the lifecycle: a failed deploy leaves production as it was and the import in
// `production_deploy`; a new deploy takes it `live`; a revert restores the previous version through the same saga.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeHandOffUpdate, deployProductionUpdate, revertProductionUpdate, stateQuery, type ProductionDeployInput, type ProductionDeployResult, WORKFLOW_TYPES } from '../contracts';
import { importConfigs } from '../db/schema';
import { deployAlerts, production, toProductionDeploy } from './support/deploy';
import { maybeRecordHistory } from './support/histories';
import { recordedDecisions, rejection } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });

const settled = async (handle: { query: (q: typeof stateQuery) => Promise<any> }) => {
  await expect.poll(async () => (await handle.query(stateQuery)).production?.outcome, { timeout: 90_000, interval: 300 }).not.toBe('running');
  return handle.query(stateQuery);
};

describe('the production deploy from the lifecycle', () => {
  it('fails and restores production, deploys to live, refuses what does not fit, and reverts', { timeout: 240_000 }, async () => {
    const { row, handle } = await toProductionDeploy(stack.ctx, stack.sites);
    const id = row.id;
    const empty = await production(stack.ctx, id);
    expect(empty).toEqual({ jobs: [], config: null, versions: [], schedule: null });

    // A first production run with no job is quarantined, then discarded: verification fails, all is undone.
    stack.sites.sites.greenhouse.setFault({ kind: 'drop', keep: 0 });
    let failed;
    try {
      const started = await handle.executeUpdate(deployProductionUpdate, { args: [{ by: 'ops.marc', comment: 'Go' }] });
      expect([started.stage, started.production]).toMatchObject(['production_deploy', { deploys: 1, deployId: `production-deploy:${id}:1`, outcome: 'running', kind: 'deploy' }]);
      expect((await rejection(handle.executeUpdate(deployProductionUpdate, { args: [{ by: 'ops.marc' }] }))).type).toBe('WrongStage');
      failed = await settled(handle);
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    expect([failed.stage, failed.production.outcome, failed.production.failedStep, failed.production.error.type]).toEqual(['production_deploy', 'failed', 'verify', 'VerificationFailed']);
    expect(failed.history.at(-1)).toMatchObject({ kind: 'production_deploy_failed', actor: 'liaison', from: 'production_deploy', to: 'production_deploy' });
    const afterFailure = await production(stack.ctx, id);
    expect({ ...afterFailure, versions: [] }).toEqual(empty);
    expect(afterFailure.versions.map((v) => [v.number, v.status])).toEqual([[1, 'rolled_back']]);
    expect(await deployAlerts(stack.ctx, id)).toEqual([
      expect.objectContaining({ environment: 'production', context: expect.objectContaining({ deployId: `production-deploy:${id}:1`, step: 'verify', error: expect.objectContaining({ type: 'VerificationFailed' }) }) }),
    ]);

    // A new deploy, a new deploy id, through the API: verified, handed off, then live once the checklist is done.
    const accepted = await stack.api.call('POST', `/imports/${id}/deploy-production`, { by: 'ops.marc' }, 'ops.marc');
    expect([accepted.status, accepted.body.production.outcome, accepted.body.production.deployId]).toEqual([200, 'running', `production-deploy:${id}:2`]);
    await settled(handle);
    await expect.poll(async () => (await handle.query(stateQuery)).stage, { timeout: 30_000, interval: 300 }).toBe('handed_off');
    const deployedState = await handle.query(stateQuery);
    expect([deployedState.production?.outcome, deployedState.production?.version, deployedState.production?.deployId, deployedState.verification?.outcome]).toEqual(['succeeded', 2, `production-deploy:${id}:2`, 'passed']);
    expect(deployedState.history.slice(-2)).toMatchObject([
      { kind: 'production_deployed', actor: 'liaison', from: 'production_deploy', to: 'verification' },
      { kind: 'verification_passed', actor: 'liaison', from: 'verification', to: 'handed_off' },
    ]);
    const live = await handle.executeUpdate(completeHandOffUpdate, { args: [{ by: 'am.claire', appActivated: true, campaignsStarted: true }] });
    expect(live.stage).toBe('live');
    const deployed = await production(stack.ctx, id);
    expect(deployed.versions.map((v) => [v.number, v.status, v.codeVersion, v.reviewedBy, v.deployedBy])).toEqual([
      [1, 'rolled_back', 'c0ffee1', 'dev.bob', 'ops.marc'],
      [2, 'live', 'c0ffee1', 'dev.bob', 'ops.marc'],
    ]);
    expect(deployed.schedule).toMatchObject({ paused: false });
    expect(deployed.config).toMatchObject({ importerKey: 'greenhouse', schedule: '0 6 * * *' });
    expect(deployed.jobs.filter((j) => j.status === 'open')).toHaveLength(stack.sites.sites.greenhouse.jobs.length);
    expect((await stack.ctx.env.client.workflow.getHandle(`production-deploy:${id}:2`).result()) as ProductionDeployResult).toMatchObject({ ok: true, version: 2 });

    expect((await stack.api.call('POST', `/imports/${id}/deploy-production`, { by: 'ops.marc' }, 'ops.marc')).status).toBe(409);
    expect((await stack.api.call('POST', `/imports/${id}/revert-production`, { by: 'ops.marc' }, 'ops.marc')).status).toBe(400);
    expect((await rejection(handle.executeUpdate(revertProductionUpdate, { args: [{ by: 'ops.marc', reason: '' }] }))).type).toBe('InvalidDecision');
    expect(await rejection(handle.executeUpdate(revertProductionUpdate, { args: [{ by: 'ops.marc', reason: 'Too early' }] }))).toEqual({
      type: 'InvalidDecision',
      message: 'There is no earlier production version to revert to',
    });

    // Version 3 (another cron), deployed by ops straight through the saga; then the lifecycle reverts to 2.
    await stack.ctx.database.db.update(importConfigs).set({ schedule: '0 7 * * *' }).where(and(eq(importConfigs.importId, id), eq(importConfigs.environment, 'staging')));
    const v3 = await stack.ctx.env.client.workflow.execute(WORKFLOW_TYPES.productionDeploy, {
      workflowId: `production-deploy:${id}:ops-1`,
      taskQueue: stack.ctx.taskQueue,
      args: [{ importId: id, deployId: `production-deploy:${id}:ops-1`, by: 'ops.marc', source: { kind: 'staging', codeVersion: 'c0ffee3', reviewedBy: 'dev.bob' }, quarantineTimeout: '1 second' } satisfies ProductionDeployInput],
    });
    expect(v3).toMatchObject({ ok: true, version: 3 });
    expect((await production(stack.ctx, id)).config).toMatchObject({ schedule: '0 7 * * *' });

    expect((await stack.api.call('POST', `/imports/${id}/revert-production`, { by: 'ops.marc', reason: 'The 7am run is too late for the client' }, 'ops.marc')).status).toBe(200);
    const reverted = await settled(handle);
    expect([reverted.stage, reverted.production.kind, reverted.production.outcome, reverted.production.version]).toEqual(['live', 'revert', 'succeeded', 4]);
    // Every production operation taken through the API is in the audit log, refusals included (not malformed bodies).
    const audit = (await stack.api.call('GET', `/audit?importId=${id}`, undefined, 'lead.sophie')).body.items as any[];
    expect(audit.map((a) => [a.action, a.actor, a.role, a.status])).toEqual(
      expect.arrayContaining([
        ['POST /imports/:id/deploy-production', 'ops.marc', 'ops', 200],
        ['POST /imports/:id/revert-production', 'ops.marc', 'ops', 200],
      ]),
    );
    expect(audit.find((a) => a.action === 'POST /imports/:id/revert-production' && a.status === 200)).toMatchObject({ importId: id, comment: 'The 7am run is too late for the client' });
    expect(reverted.history.at(-1)).toMatchObject({ kind: 'production_reverted', from: 'live', to: 'live' });
    const after = await production(stack.ctx, id);
    expect(after.versions.map((v) => [v.number, v.status, v.codeVersion, v.config.schedule])).toEqual([
      [1, 'rolled_back', 'c0ffee1', '0 6 * * *'],
      [2, 'superseded', 'c0ffee1', '0 6 * * *'],
      [3, 'superseded', 'c0ffee3', '0 7 * * *'],
      [4, 'live', 'c0ffee1', '0 6 * * *'],
    ]);
    expect(after.config).toMatchObject({ schedule: '0 6 * * *' });
    expect(after.schedule).toEqual(deployed.schedule === null ? null : expect.objectContaining({ paused: false, spec: (deployed.schedule as { spec: unknown }).spec }));
    expect((await recordedDecisions(stack.ctx, id)).slice(-9)).toEqual([
      ['client_decision', 'am.claire', 'client_validation', 'production_deploy'],
      ['deploy_production', 'ops.marc', 'production_deploy', 'production_deploy'],
      ['production_deploy_failed', 'liaison', 'production_deploy', 'production_deploy'],
      ['deploy_production', 'ops.marc', 'production_deploy', 'production_deploy'],
      ['production_deployed', 'liaison', 'production_deploy', 'verification'],
      ['verification_passed', 'liaison', 'verification', 'handed_off'],
      ['hand_off', 'am.claire', 'handed_off', 'live'],
      ['revert_production', 'ops.marc', 'live', 'live'],
      ['production_reverted', 'liaison', 'live', 'live'],
    ]);
    // (import-lifecycle-production-deploy-failed-live-reverted.json, recorded before verification, stays: it replays the unpatched path.)
    await maybeRecordHistory(handle, 'import-lifecycle-production-deploy-failed-verified-reverted');
    await maybeRecordHistory(stack.ctx.env.client.workflow.getHandle(`production-deploy:${id}:2`), 'production-deploy-succeeded');
    await maybeRecordHistory(stack.ctx.env.client.workflow.getHandle(`production-deploy:${id}:1`), 'production-deploy-verify-failed');
  });
});
