// The whole happy path through the API, as the team drives it: request → estimate → plan → assign → start →
// submit → review (another developer) → staging deploy (a real staging run on the Greenhouse fixture board) →
// preview link → the client validates on the page → production deploy (a real production run) → verification
// → hand-off → live. Every call is made as the member who acts (their API key).
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { lifecycleWorkflowId, scheduleId } from '../contracts';
import { importVersions, jobs } from '../db/schema';
import { passReviewSheet, writeDossier } from './support/api';
import { maybeRecordHistory } from './support/histories';
import type { TestApi } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });

describe('the import lifecycle through the API', () => {
  it('goes from the request to live, with real staging and production runs on a fixture site', { timeout: 240_000 }, async () => {
    const ok = async (method: string, path: string, body: Record<string, unknown>, as: Parameters<TestApi['call']>[3], status = 200) => {
      const res = await stack.api.call(method, path, body, as);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
      return res.body;
    };
    const stageOf = async (id: string) => (await stack.api.call('GET', `/imports/${id}/state`, undefined, 'am.claire')).body as { stage: string; production?: { outcome: string }; verification?: { outcome: string } };

    const created = await ok('POST', '/imports', { client: 'Boulangeries Martin', name: 'Greenhouse', kind: 'json', sourceUrls: ['https://boards.greenhouse.io/acme'], priority: 2, requestedBy: 'am.claire' }, 'am.claire', 201);
    const id = created.id as string;
    await expect.poll(async () => (await stageOf(id)).stage, { timeout: 20_000 }).toBe('requested');

    expect((await ok('POST', `/imports/${id}/estimate`, { estimator: 'dev.alice', days: 2, comment: 'Greenhouse : configuration seule' }, 'dev.alice')).stage).toBe('estimated');
    expect((await ok('POST', `/imports/${id}/plan`, { by: 'lead.sophie', priority: 2, wantedDate: '2027-01-15' }, 'lead.sophie')).plan).toMatchObject({ priority: 2, queuePosition: expect.any(Number) });
    expect((await ok('POST', `/imports/${id}/assign`, { assignee: 'dev.alice', by: 'lead.sophie' }, 'lead.sophie')).assignee).toBe('dev.alice');
    expect((await ok('POST', `/imports/${id}/start-development`, { by: 'dev.alice' }, 'dev.alice')).stage).toBe('in_development');
    await writeDossier(stack.api, id, 'dev.alice');
    const submitted = await ok(
      'POST',
      `/imports/${id}/submit-review`,
      { by: 'dev.alice', version: 'a1b2c3d', importerKey: 'greenhouse', config: { ...stack.sites.sites.greenhouse.importerConfig() }, fetchPolicy: { totalTimeoutMs: 10_000 }, schedule: '0 6 * * *' },
      'dev.alice',
    );
    expect([submitted.stage, submitted.submission.revision]).toEqual(['in_review', 1]);
    await passReviewSheet(stack.api, id, 'dev.bruno');
    expect((await ok('POST', `/imports/${id}/review`, { by: 'dev.bruno', decision: 'approve' }, 'dev.bruno')).review).toMatchObject({ outcome: 'approved', by: 'dev.bruno' });
    expect((await ok('POST', `/imports/${id}/deploy-staging`, { by: 'dev.bruno' }, 'dev.bruno')).stage).toBe('staging');
    await expect.poll(async () => (await stageOf(id)).stage, { timeout: 60_000, interval: 300 }).toBe('client_validation');
    const staged = await stack.ctx.database.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.importId, id));
    expect(staged.filter((j) => j.status === 'open')).toHaveLength(stack.sites.sites.greenhouse.jobs.length);

    // Account management sends the preview link; the client validates on the page.
    const link = await ok('POST', `/imports/${id}/preview-links`, { by: 'am.claire', contact: 'drh@boulangeries-martin.fr' }, 'am.claire', 201);
    const page = await fetch(`${stack.api.base}${link.path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(stack.sites.sites.greenhouse.jobs[0]!.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#39;'));
    const validated = await fetch(`${stack.api.base}${link.path}/decision`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=validate' });
    expect(validated.status).toBe(200);
    expect((await stageOf(id)).stage).toBe('production_deploy');

    expect((await ok('POST', `/imports/${id}/deploy-production`, { by: 'ops.marc', comment: 'Validé par le client' }, 'ops.marc')).production).toMatchObject({ outcome: 'running' });
    await expect.poll(async () => (await stageOf(id)).stage, { timeout: 90_000, interval: 300 }).toBe('handed_off');
    const handedOff = await stageOf(id);
    expect(handedOff.verification).toMatchObject({ outcome: 'passed', openProduction: stack.sites.sites.greenhouse.jobs.length, openStaging: stack.sites.sites.greenhouse.jobs.length });

    const live = await ok('POST', `/imports/${id}/complete-hand-off`, { by: 'am.claire', appActivated: true, campaignsStarted: true }, 'am.claire');
    expect([live.stage, live.handOff.by]).toEqual(['live', 'am.claire']);

    const recorded = await stack.api.call('GET', `/imports/${id}/decisions`, undefined, 'am.claire');
    expect((recorded.body as { kind: string; actor: string; toStage: string }[]).map((d) => [d.kind, d.actor, d.toStage])).toEqual([
      ['requested', 'am.claire', 'requested'],
      ['estimate', 'dev.alice', 'estimated'],
      ['plan', 'lead.sophie', 'planned'],
      ['assign', 'lead.sophie', 'assigned'],
      ['start_development', 'dev.alice', 'in_development'],
      ['submit_review', 'dev.alice', 'in_review'],
      ['review', 'dev.bruno', 'in_review'],
      ['deploy_staging', 'dev.bruno', 'staging'],
      ['staging_run', 'liaison', 'client_validation'],
      ['client_decision', 'client:drh@boulangeries-martin.fr', 'production_deploy'],
      ['deploy_production', 'ops.marc', 'production_deploy'],
      ['production_deployed', 'liaison', 'verification'],
      ['verification_passed', 'liaison', 'handed_off'],
      ['hand_off', 'am.claire', 'live'],
    ]);
    expect((await stack.api.call('GET', `/imports/${id}`, undefined, 'am.claire')).body.stage).toBe('live');

    const versions = await stack.ctx.database.db.select().from(importVersions).where(eq(importVersions.importId, id)).orderBy(asc(importVersions.number));
    expect(versions.map((v) => [v.number, v.status, v.codeVersion, v.reviewedBy, v.deployedBy])).toEqual([[1, 'live', 'a1b2c3d', 'dev.bruno', 'ops.marc']]);
    const production = await stack.ctx.database.db.select({ environment: jobs.environment, status: jobs.status }).from(jobs).where(eq(jobs.importId, id));
    expect(production.filter((j) => j.environment === 'production' && j.status === 'open')).toHaveLength(stack.sites.sites.greenhouse.jobs.length);
    for (const env of ['staging', 'production'] as const) {
      expect((await stack.ctx.env.client.schedule.getHandle(scheduleId(id, env)).describe()).state.paused).toBe(false);
    }
    await maybeRecordHistory(stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id)), 'import-lifecycle-happy-path-api');
  });
});
