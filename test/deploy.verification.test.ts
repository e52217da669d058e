// After the production deploy: post-deploy verification (failed → an alert, then re-verify or revert), the
// final-install checklist, and maintenance fixes on a live import that ship the same day without the client.
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deployProductionUpdate, deployStagingUpdate, reviewUpdate, stateQuery, submitForReviewUpdate, type LifecycleState } from '../contracts';
import { alerts } from '../db/schema';
import { production, toProductionDeploy } from './support/deploy';
import { maybeRecordHistory } from './support/histories';
import { recordedDecisions, rejection, submission } from './support/lifecycle';
import { runToEnd } from './support/runs';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });

type Handle = Awaited<ReturnType<typeof toProductionDeploy>>['handle'];

/** Waits until no saga runs and the lifecycle has settled in one of `stages`. */
async function settledIn(handle: Handle, stages: LifecycleState['stage'][]): Promise<LifecycleState> {
  await expect
    .poll(
      async () => {
        const s = await handle.query(stateQuery);
        const busy = s.production?.outcome === 'running' || (s.stage === 'verification' && s.verification?.outcome === 'running');
        return !busy && stages.includes(s.stage) ? s.stage : `${s.stage}/${s.production?.outcome}/${s.verification?.outcome}`;
      },
      { timeout: 90_000, interval: 300 },
    )
    .toSatisfy((stage: string) => (stages as string[]).includes(stage));
  return handle.query(stateQuery);
}

const verificationAlerts = async (importId: string) =>
  (await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.importId, importId), eq(alerts.kind, 'verification_failed'))).orderBy(asc(alerts.id))).map((a) => ({
    environment: a.environment,
    context: a.context,
  }));

/** A maintenance fix from `in_development` to `production_deploy`: submitted by the assignee, reviewed, staged. */
async function fixToProductionDeploy(handle: Handle, version: string, schedule: string) {
  await handle.executeUpdate(submitForReviewUpdate, {
    args: [submission({ version, config: { ...stack.sites.sites.greenhouse.importerConfig() }, fetchPolicy: { totalTimeoutMs: 10_000 }, schedule })],
  });
  await handle.executeUpdate(reviewUpdate, { args: [{ by: 'dev.bob', decision: 'approve' }] });
  await handle.executeUpdate(deployStagingUpdate, { args: [{ by: 'dev.bob' }] });
  return settledIn(handle, ['production_deploy', 'in_development']);
}

describe('verification, hand-off and maintenance', () => {
  let id: string;
  let handle: Handle;

  it('fails verification with its figures and an alert, re-verifies after a production re-run, then hands off', { timeout: 240_000 }, async () => {
    ({ handle } = await toProductionDeploy(stack.ctx, stack.sites));
    id = (await handle.query(stateQuery)).importId;

    // 22 of the 25 jobs: within the saga's ±20 % (it succeeds), not within verification's ±10 % of staging.
    stack.sites.sites.greenhouse.setFault({ kind: 'drop', keep: 22 });
    let failed: LifecycleState;
    try {
      await handle.executeUpdate(deployProductionUpdate, { args: [{ by: 'ops.marc' }] });
      failed = await settledIn(handle, ['verification', 'handed_off', 'production_deploy']);
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    expect([failed.stage, failed.production?.outcome, failed.production?.version]).toEqual(['verification', 'succeeded', 1]);
    expect(failed.verification).toMatchObject({
      deployId: `production-deploy:${id}:1`,
      attempt: 1,
      outcome: 'failed',
      openProduction: 22,
      openStaging: 25,
      tolerance: 0.1,
      firstRun: { status: 'applied', failedChecks: [] },
      problems: ['production has 22 open jobs, staging 25: 3 apart, more than ±10 % (2.5)'],
    });
    expect(failed.history.slice(-2)).toMatchObject([
      { kind: 'production_deployed', actor: 'liaison', from: 'production_deploy', to: 'verification' },
      { kind: 'verification_failed', actor: 'liaison', from: 'verification', to: 'verification', comment: expect.stringContaining('production has 22 open jobs, staging 25') },
    ]);
    expect(await verificationAlerts(id)).toEqual([
      {
        environment: 'production',
        context: expect.objectContaining({ deployId: `production-deploy:${id}:1`, attempt: 1, openProduction: 22, openStaging: 25, problems: failed.verification!.problems }),
      },
    ]);
    expect(failed.verification!.alertId).toEqual(expect.any(Number));

    // Decisions that do not fit: a hand-off now, a revert with no reason, a revert with no earlier version.
    const early = await stack.api.call('POST', `/imports/${id}/complete-hand-off`, { by: 'am.claire', appActivated: true, campaignsStarted: true }, 'am.claire');
    expect([early.status, early.body.error?.message]).toEqual([409, 'The final-install checklist is accepted in stage "handed_off", not "verification"']);
    const noReason = await stack.api.call('POST', `/imports/${id}/verification-decision`, { by: 'ops.marc', decision: 'revert' }, 'ops.marc');
    expect([noReason.status, noReason.body.error.message]).toEqual([422, 'comment: required (why production is reverted)']);
    const noEarlier = await stack.api.call('POST', `/imports/${id}/verification-decision`, { by: 'ops.marc', decision: 'revert', comment: 'Missing offers' }, 'ops.marc');
    expect([noEarlier.status, noEarlier.body.error.message]).toEqual([422, 'There is no earlier production version to revert to']);

    // Re-verifying before anything changed fails again: a second attempt, a second alert.
    const again = await stack.api.call('POST', `/imports/${id}/verification-decision`, { by: 'ops.marc', decision: 'reverify' }, 'ops.marc');
    expect([again.status, again.body.stage, again.body.verification.attempt, again.body.verification.outcome]).toEqual([200, 'verification', 2, 'failed']);
    expect(await verificationAlerts(id)).toHaveLength(2);

    // Ops re-runs production once the site lists all its jobs again; the re-verification passes.
    expect(await runToEnd(stack.ctx, id, { environment: 'production' })).toMatchObject({ outcome: 'applied' });
    const passed = await stack.api.call('POST', `/imports/${id}/verification-decision`, { by: 'ops.marc', decision: 'reverify', comment: 'Production re-run' }, 'ops.marc');
    expect([passed.status, passed.body.stage, passed.body.verification]).toEqual([200, 'handed_off', expect.objectContaining({ attempt: 3, outcome: 'passed', openProduction: 25, openStaging: 25, problems: [] })]);
    expect(passed.body.history.slice(-2)).toMatchObject([
      { kind: 'verification_decision', actor: 'ops.marc', from: 'verification', to: 'verification', comment: 'Production re-run' },
      { kind: 'verification_passed', actor: 'liaison', from: 'verification', to: 'handed_off' },
    ]);

    // The checklist: every item must be true, and the refusal names what is missing.
    const missing = await stack.api.call('POST', `/imports/${id}/complete-hand-off`, { by: 'am.claire', appActivated: true }, 'am.claire');
    expect([missing.status, missing.body.error.message]).toEqual([422, "checklist incomplete: campaignsStarted (the client's campaigns started) must be true"]);
    const none = await stack.api.call('POST', `/imports/${id}/complete-hand-off`, { by: 'am.claire', appActivated: false, campaignsStarted: false }, 'am.claire');
    expect(none.body.error.message).toBe("checklist incomplete: appActivated (the app activated on the client's job page) and campaignsStarted (the client's campaigns started) must be true");
    const cancel = await stack.api.call('POST', `/imports/${id}/cancel`, { by: 'am.claire', reason: 'Changed our mind' }, 'am.claire');
    expect([cancel.status, cancel.body.error.code]).toEqual([409, 'wrong_stage']);
    const live = await stack.api.call('POST', `/imports/${id}/complete-hand-off`, { by: 'am.claire', appActivated: true, campaignsStarted: true, comment: 'Campagne de rentrée lancée' }, 'am.claire');
    expect([live.status, live.body.stage, live.body.handOff]).toEqual([200, 'live', expect.objectContaining({ appActivated: true, campaignsStarted: true, by: 'am.claire' })]);
  });

  it('ships a maintenance fix to production the same day without a client decision, and reverts a fix that fails verification', { timeout: 300_000 }, async () => {
    expect(id).toBeDefined();
    const refused = await stack.api.call('POST', `/imports/${id}/start-maintenance`, { by: 'lead.sophie', reason: '' }, 'lead.sophie');
    expect(refused.status).toBe(400);
    const started = await stack.api.call('POST', `/imports/${id}/start-maintenance`, { by: 'lead.sophie', reason: 'Le site a changé ses contrats', incidentId: 'inc-42' }, 'lead.sophie');
    expect([started.status, started.body.stage, started.body.assignee, started.body.maintenance]).toEqual([
      200,
      'in_development',
      'dev.ana',
      expect.objectContaining({ number: 1, incidentId: 'inc-42', clientValidation: false, by: 'lead.sophie' }),
    ]);
    expect((await stack.api.call('POST', `/imports/${id}/start-maintenance`, { by: 'lead.sophie', reason: 'Twice' }, 'lead.sophie')).status).toBe(409);
    expect((await stack.api.call('POST', `/imports/${id}/cancel`, { by: 'am.claire', reason: 'No' }, 'am.claire')).status).toBe(409);

    const staged = await fixToProductionDeploy(handle, 'c0ffee2', '0 7 * * *');
    expect(staged.stage).toBe('production_deploy');
    expect(staged.history.at(-1)).toMatchObject({ kind: 'staging_run', from: 'staging', to: 'production_deploy', comment: expect.stringContaining('maintenance fix 1 needs no client validation') });
    await handle.executeUpdate(deployProductionUpdate, { args: [{ by: 'ops.marc', comment: 'Fix du jour' }] });
    const fixed = await settledIn(handle, ['live', 'verification']);
    expect([fixed.stage, fixed.verification?.outcome, fixed.maintenance, fixed.production?.version]).toEqual(['live', 'passed', null, 2]);
    const afterFix = await production(stack.ctx, id);
    expect(afterFix.versions.map((v) => [v.number, v.status, v.codeVersion, v.reviewedBy, v.deployedBy, v.config.schedule])).toEqual([
      [1, 'superseded', 'c0ffee1', 'dev.bob', 'ops.marc', '0 6 * * *'],
      [2, 'live', 'c0ffee2', 'dev.bob', 'ops.marc', '0 7 * * *'],
    ]);
    const sinceFix = (await recordedDecisions(stack.ctx, id)).slice(-8);
    expect(sinceFix).toEqual([
      ['start_maintenance', 'lead.sophie', 'live', 'in_development'],
      ['submit_review', 'dev.ana', 'in_development', 'in_review'],
      ['review', 'dev.bob', 'in_review', 'in_review'],
      ['deploy_staging', 'dev.bob', 'in_review', 'staging'],
      ['staging_run', 'liaison', 'staging', 'production_deploy'],
      ['deploy_production', 'ops.marc', 'production_deploy', 'production_deploy'],
      ['production_deployed', 'liaison', 'production_deploy', 'verification'],
      ['verification_passed', 'liaison', 'verification', 'live'],
    ]);

    // A second fix loses jobs in production: verification fails, ops reverts to version 2 (a copy, version 4).
    await stack.api.call('POST', `/imports/${id}/start-maintenance`, { by: 'ops.marc', reason: 'Nouveau format de date' }, 'ops.marc');
    expect((await fixToProductionDeploy(handle, 'c0ffee3', '0 8 * * *')).stage).toBe('production_deploy');
    stack.sites.sites.greenhouse.setFault({ kind: 'drop', keep: 22 });
    let failed: LifecycleState;
    try {
      await handle.executeUpdate(deployProductionUpdate, { args: [{ by: 'ops.marc' }] });
      failed = await settledIn(handle, ['verification', 'live']);
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    expect([failed.stage, failed.verification?.outcome, failed.verification?.openProduction, failed.production?.version]).toEqual(['verification', 'failed', 22, 3]);
    expect((await rejection(handle.executeUpdate(deployProductionUpdate, { args: [{ by: 'ops.marc' }] }))).type).toBe('WrongStage');
    const revert = await stack.api.call('POST', `/imports/${id}/verification-decision`, { by: 'ops.marc', decision: 'revert', comment: 'Le correctif perd des offres' }, 'ops.marc');
    expect([revert.status, revert.body.production.kind, revert.body.production.outcome]).toEqual([200, 'revert', 'running']);
    const reverted = await settledIn(handle, ['live']);
    expect([reverted.production?.outcome, reverted.production?.version, reverted.verification?.outcome, reverted.maintenance]).toEqual(['succeeded', 4, 'reverted', null]);
    expect(reverted.history.slice(-2)).toMatchObject([
      { kind: 'revert_production', actor: 'ops.marc', from: 'verification', to: 'verification', comment: 'Le correctif perd des offres' },
      { kind: 'production_reverted', actor: 'liaison', from: 'verification', to: 'live' },
    ]);
    const after = await production(stack.ctx, id);
    expect(after.versions.map((v) => [v.number, v.status, v.codeVersion, v.reviewedBy, v.deployedBy, v.config.schedule])).toEqual([
      [1, 'superseded', 'c0ffee1', 'dev.bob', 'ops.marc', '0 6 * * *'],
      [2, 'superseded', 'c0ffee2', 'dev.bob', 'ops.marc', '0 7 * * *'],
      [3, 'superseded', 'c0ffee3', 'dev.bob', 'ops.marc', '0 8 * * *'],
      [4, 'live', 'c0ffee2', 'dev.bob', 'ops.marc', '0 7 * * *'],
    ]);
    expect(after.config).toMatchObject({ schedule: '0 7 * * *' });
    expect(after.jobs.filter((j) => j.status === 'open')).toHaveLength(25);
    await maybeRecordHistory(handle, 'import-lifecycle-verification-handoff-maintenance');
  });
});
