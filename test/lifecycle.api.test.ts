// The lifecycle through the HTTP API, with real staging runs on the fixture client sites: request →
// estimate → plan → assign → development → review → staging → client validation → production_deploy.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { lifecycleWorkflowId, SEARCH_ATTRIBUTES } from '../contracts';
import { jobs } from '../db/schema';
import { maybeRecordHistory } from './support/histories';
import { passReviewSheet, TEAM, writeDossier, type TeamMember } from './support/api';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });

/** As the member the body names (`by`, `estimator`, `requestedBy`), else the lead (reads). */
const actor = (body: unknown): TeamMember => {
  const named = body as { by?: TeamMember; estimator?: TeamMember; requestedBy?: TeamMember } | undefined;
  return named?.by ?? named?.estimator ?? named?.requestedBy ?? TEAM.lead;
};
const call = (method: string, path: string, body?: unknown, as?: TeamMember) => stack.api.call(method, path, body, as ?? actor(body));
const ok = (method: string, path: string, body?: unknown) => stack.api.ok(method, path, body, actor(body));

const submitted = (version: string) => ({
  by: 'dev.alice',
  version,
  importerKey: 'greenhouse',
  config: stack.sites.sites.greenhouse.importerConfig(),
  fetchPolicy: { totalTimeoutMs: 10_000 },
  schedule: '0 6 * * *',
});

/** A new import brought through the API up to `in_review` (revision 1 submitted by dev.ana). */
async function toReview(name: string): Promise<string> {
  const created = await ok('POST', '/imports', { client: 'Acme', name, kind: 'json', sourceUrls: [`${stack.sites.baseUrl}/greenhouse`], priority: 2, requestedBy: 'am.claire' });
  const id = created.id as string;
  await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`)).body.length, { timeout: 20_000 }).toBe(1);
  await ok('POST', `/imports/${id}/estimate`, { estimator: 'dev.bruno', days: 4 });
  await ok('POST', `/imports/${id}/plan`, { by: 'lead.sophie', priority: 2, wantedDate: '2026-10-01' });
  await ok('POST', `/imports/${id}/assign`, { assignee: 'dev.alice', by: 'lead.sophie' });
  await ok('POST', `/imports/${id}/start-development`, { by: 'dev.alice' });
  await writeDossier(stack.api, id, TEAM.developer);
  await ok('POST', `/imports/${id}/submit-review`, submitted('c0ffee1'));
  return id;
}

const stageOf = async (id: string) => (await call('GET', `/imports/${id}/state`)).body.stage as string;
const lastDecision = async (id: string) => ((await call('GET', `/imports/${id}/state`)).body.history as any[]).at(-1);
const runsOf = async (id: string) => (await call('GET', `/imports/${id}/runs`)).body as any[];

/** Approves revision `revision` (by dev.bob), deploys it and waits for the stage the first staging run leads to. */
async function approveAndDeploy(id: string, until: 'client_validation' | 'in_development') {
  await passReviewSheet(stack.api, id, TEAM.reviewer);
  await ok('POST', `/imports/${id}/review`, { by: 'dev.bruno', decision: 'approve' });
  const deployed = await ok('POST', `/imports/${id}/deploy-staging`, { by: 'dev.bruno' });
  expect(deployed.stage).toBe('staging');
  expect(deployed.staging).toMatchObject({ scheduleId: `import-schedule:${id}:staging`, outcome: 'running', deployedBy: 'dev.bruno' });
  expect(deployed.staging.runWorkflowId).toMatch(new RegExp(`^import-run:${id}:staging:`));
  await expect.poll(() => stageOf(id), { timeout: 60_000, interval: 500 }).toBe(until);
}

describe('the import lifecycle through the API', () => {
  it('goes from the request to client validation with a real staging run, then to production_deploy', async () => {
    const id = await toReview('Happy path');
    const state = (await call('GET', `/imports/${id}/state`)).body;
    expect(state.plan).toEqual({ priority: 2, wantedDate: '2026-10-01', by: 'lead.sophie', queuePosition: expect.any(Number) });
    expect(state.submission).toMatchObject({ revision: 1, by: 'dev.alice', importerKey: 'greenhouse', version: 'c0ffee1', schedule: '0 6 * * *' });

    await approveAndDeploy(id, 'client_validation');

    const total = stack.sites.sites.greenhouse.jobs.length;
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ environment: 'staging', status: 'applied', counts: { created: total, closed: 0 } });
    expect((await call('GET', `/imports/${id}/state`)).body.staging).toEqual({
      scheduleId: `import-schedule:${id}:staging`,
      runWorkflowId: run.workflowId,
      runId: run.id,
      outcome: 'applied',
      deployedBy: 'dev.bruno',
    });
    expect(await lastDecision(id)).toMatchObject({
      kind: 'staging_run',
      actor: 'liaison',
      from: 'staging',
      to: 'client_validation',
      comment: `Staging run ${run.id} applied (${total} created, 0 updated, 0 unchanged, 0 closed); awaiting the client's validation`,
    });
    // The reviewed configuration is the staging one, and its schedule now runs.
    expect(await ok('GET', `/imports/${id}/environments/staging/config`)).toMatchObject({ importerKey: 'greenhouse', config: submitted('x').config, schedule: '0 6 * * *' });
    expect(await ok('GET', `/imports/${id}/environments/staging/schedule`)).toMatchObject({ scheduleId: `import-schedule:${id}:staging`, cron: '0 6 * * *', paused: false });

    const validated = await ok('POST', `/imports/${id}/client-decision`, { by: 'am.claire', decision: 'validate', comments: 'Looks like our page' });
    expect(validated.stage).toBe('production_deploy');
    expect((await call('GET', `/imports/${id}/decisions`)).body.map((d: any) => [d.kind, d.actor, d.fromStage, d.toStage])).toEqual([
      ['requested', 'am.claire', null, 'requested'],
      ['estimate', 'dev.bruno', 'requested', 'estimated'],
      ['plan', 'lead.sophie', 'estimated', 'planned'],
      ['assign', 'lead.sophie', 'planned', 'assigned'],
      ['start_development', 'dev.alice', 'assigned', 'in_development'],
      ['submit_review', 'dev.alice', 'in_development', 'in_review'],
      ['review', 'dev.bruno', 'in_review', 'in_review'],
      ['deploy_staging', 'dev.bruno', 'in_review', 'staging'],
      ['staging_run', 'liaison', 'staging', 'client_validation'],
      ['client_decision', 'am.claire', 'client_validation', 'production_deploy'],
    ]);
    expect(validated.history.map((d: any) => d.id)).toEqual((await call('GET', `/imports/${id}/decisions`)).body.map((d: any) => d.decisionId));
    expect(await ok('GET', `/imports/${id}`)).toMatchObject({ stage: 'production_deploy', priority: 2, estimateDays: 4 });
    expect(await ok('GET', `/imports/${id}/notifications`)).toEqual([]);

    // The saga continues from here (next issue): the workflow waits in production_deploy.
    const handle = stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id));
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect([description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.Stage), description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.Assignee)]).toEqual(['production_deploy', 'dev.alice']);
    await maybeRecordHistory(handle, 'import-lifecycle-staging-to-production-deploy');
  });

  it('sends work back on requested changes, refuses a self-review and decisions out of stage', async () => {
    const early = await ok('POST', '/imports', { client: 'Acme', name: 'Too early', kind: 'json', sourceUrls: [`${stack.sites.baseUrl}/greenhouse`], requestedBy: 'am.claire' });
    const wrong = await call('POST', `/imports/${early.id}/assign`, { assignee: 'dev.alice', by: 'lead.sophie' });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.message]).toEqual([409, 'wrong_stage', 'An assignment is accepted in stage "planned" or "assigned", not "requested"']);
    const strict = await call('POST', `/imports/${early.id}/plan`, { by: 'lead.sophie', priority: 2, wantedDate: '2026-10-01', urgent: true });
    expect([strict.status, strict.body.error.details.fields.map((f: any) => f.field)]).toEqual([400, ['urgent']]);

    const id = await toReview('Review loop');
    const notYet = await call('POST', `/imports/${id}/deploy-staging`, { by: 'dev.bruno' });
    expect([notYet.status, notYet.body.error.message]).toEqual([409, 'A staging deploy needs an approved review: revision 1 is awaiting review']);
    const self = await call('POST', `/imports/${id}/review`, { by: 'dev.alice', decision: 'approve' });
    expect([self.status, self.body.error.code, self.body.error.message]).toEqual([422, 'invalid_decision', 'a developer cannot review their own work: dev.alice is the author of revision 1']);
    const bare = await call('POST', `/imports/${id}/review`, { by: 'dev.bruno', decision: 'request_changes' });
    expect([bare.status, bare.body.error.message]).toEqual([422, 'comments: required when requesting changes (what to change)']);

    const changes = await ok('POST', `/imports/${id}/review`, { by: 'dev.bruno', decision: 'request_changes', comments: 'Map the contract type field' });
    expect([changes.stage, changes.review.outcome, changes.review.comments]).toEqual(['in_development', 'changes_requested', 'Map the contract type field']);
    const invalid = await call('POST', `/imports/${id}/submit-review`, { ...submitted('c0ffee2'), config: {} });
    expect([invalid.status, invalid.body.error.code]).toEqual([422, 'invalid_config']);
    expect(invalid.body.error.message).toMatch(/^Invalid configuration for importer "greenhouse": config\.boardToken/);

    const resubmitted = await ok('POST', `/imports/${id}/submit-review`, { ...submitted('c0ffee2'), config: { ...submitted('x').config, employmentTypeField: 'Type de contrat' } });
    expect([resubmitted.stage, resubmitted.submission.revision, resubmitted.submission.version, resubmitted.review]).toEqual(['in_review', 2, 'c0ffee2', null]);
    await passReviewSheet(stack.api, id, TEAM.reviewer);
    const approved = await ok('POST', `/imports/${id}/review`, { by: 'dev.bruno', decision: 'approve' });
    expect(approved.review).toMatchObject({ revision: 2, outcome: 'approved', by: 'dev.bruno' });
    expect(approved.history.slice(5).map((d: any) => [d.kind, d.actor, d.from, d.to, d.comment])).toEqual([
      ['submit_review', 'dev.alice', 'in_development', 'in_review', null],
      ['review', 'dev.bruno', 'in_review', 'in_development', 'Map the contract type field'],
      ['submit_review', 'dev.alice', 'in_development', 'in_review', null],
      ['review', 'dev.bruno', 'in_review', 'in_review', null],
    ]);
    await maybeRecordHistory(stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id)), 'import-lifecycle-review-loop');
  });

  it('sends the import back to development when the first staging run fails, with the run in the history', async () => {
    const id = await toReview('Failing staging run');
    stack.sites.sites.greenhouse.setFault({ kind: 'status', status: 404 });
    try {
      await approveAndDeploy(id, 'in_development');
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ environment: 'staging', status: 'failed', error: { type: 'HttpStatus' } });
    expect(run.error.message).toMatch(/^HTTP 404 for http:\/\/127\.0\.0\.1:\d+\/greenhouse\//);
    expect(await lastDecision(id)).toMatchObject({
      kind: 'staging_run',
      actor: 'liaison',
      from: 'staging',
      to: 'in_development',
      comment: `Staging run ${run.id} failed: HttpStatus: ${run.error.message}. Back to development.`,
    });
    const state = (await call('GET', `/imports/${id}/state`)).body;
    expect([state.staging.runId, state.staging.outcome, state.review]).toEqual([run.id, 'failed', null]);
    // The schedule stays paused until a staging run applies.
    expect((await ok('GET', `/imports/${id}/environments/staging/schedule`)).paused).toBe(true);
    await maybeRecordHistory(stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id)), 'import-lifecycle-staging-failed');
  });

  it('loops on client feedback; cancel then removes the staging schedule and closes the staging jobs', async () => {
    const id = await toReview('Feedback and cancel');
    await approveAndDeploy(id, 'client_validation');
    const bare = await call('POST', `/imports/${id}/client-decision`, { by: 'am.claire', decision: 'feedback' });
    expect([bare.status, bare.body.error.message]).toEqual([422, "comments: required with feedback (the client's remarks)"]);
    const feedback = await ok('POST', `/imports/${id}/client-decision`, { by: 'am.claire', decision: 'feedback', comments: 'Show the city of each job' });
    expect([feedback.stage, feedback.review]).toEqual(['in_development', null]);

    await ok('POST', `/imports/${id}/submit-review`, submitted('c0ffee3'));
    await approveAndDeploy(id, 'client_validation');
    const total = stack.sites.sites.greenhouse.jobs.length;
    expect((await lastDecision(id)).comment).toMatch(new RegExp(`applied \\(0 created, 0 updated, ${total} unchanged, 0 closed\\)`));
    expect((await runsOf(id)).map((r) => r.status)).toEqual(['applied', 'applied']);

    const cancelled = await ok('POST', `/imports/${id}/cancel`, { by: 'am.claire', reason: 'The client chose another supplier' });
    expect(cancelled.stage).toBe('cancelled');
    expect(cancelled.history.at(-1)).toMatchObject({ kind: 'cancel', actor: 'am.claire', from: 'client_validation', to: 'cancelled', comment: 'The client chose another supplier' });
    const [recorded] = (await call('GET', `/imports/${id}/decisions`)).body.slice(-1);
    expect(recorded.data).toEqual({ scheduleDeleted: true, jobsClosed: total, runsDiscarded: 0 });
    expect((await call('GET', `/imports/${id}/environments/staging/schedule`)).status).toBe(404);
    const staged = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, id), eq(jobs.environment, 'staging')));
    expect([staged.length, staged.filter((j) => j.status === 'closed' && j.closedAt !== null).length]).toEqual([total, total]);

    const handle = stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id));
    expect((await handle.result()).stage).toBe('cancelled');
    const after = await call('POST', `/imports/${id}/estimate`, { estimator: 'dev.bruno', days: 1 });
    expect(after.status).toBe(409);
    const again = await call('POST', `/imports/${id}/cancel`, { by: 'am.claire', reason: 'twice' });
    expect([again.status, again.body.error]).toEqual([409, { status: 409, code: 'wrong_stage', message: `Import ${id} is cancelled: its lifecycle takes no more decisions` }]);
    await maybeRecordHistory(handle, 'import-lifecycle-feedback-cancel');
  });

  it('documents every decision in OpenAPI, with strict bodies and examples', async () => {
    const doc = (await call('GET', '/docs/openapi.json')).body;
    const review = doc.paths['/imports/{id}/review'].post;
    const body = review.requestBody.content['application/json'];
    expect([body.schema.required, body.schema.additionalProperties, Object.keys(body.examples)]).toEqual([['decision'], false, ['approve', 'requestChanges']]);
    expect(Object.keys(review.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '422']);
    expect(doc.paths['/imports/{id}/submit-review'].post.requestBody.content['application/json'].schema.required).toEqual(['version', 'importerKey', 'config']);
  });
});
