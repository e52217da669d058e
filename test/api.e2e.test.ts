// The path a user takes: HTTP → NestJS API → Temporal → worker → Postgres, all real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleWorkflowId } from '../contracts';
import { startApi, TEAM, type TeamMember, type TestApi } from './support/api';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });
const apis: TestApi[] = [];
let base: string;
let keys: TestApi['keys'];

/** An API on `taskQueue`, closed after the file; its base URL. */
async function api(taskQueue: string): Promise<string> {
  const started = await startApi(stack.ctx, taskQueue);
  apis.push(started);
  keys ??= started.keys;
  return started.base;
}

/** As `as` (its API key as a bearer token): the lead by default, who may read everything. */
async function call(method: string, path: string, body?: unknown, as: TeamMember | null = TEAM.lead, raw?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(as ? { authorization: `Bearer ${keys[as]}` } : {}),
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  base = await api(stack.ctx.taskQueue);
});

afterAll(async () => {
  for (const started of apis) await started.close();
});

const request = {
  client: 'Boulangeries Martin',
  name: 'Site carrières',
  kind: 'html',
  sourceUrls: ['https://carrieres.martin.example/offres'],
  priority: 2,
  requestedBy: 'am.claire',
};
const am = TEAM.accountManager;

describe('API end to end', () => {
  it('files an import, sends the estimate update through the workflow, and reads the result back', async () => {
    const created = await call('POST', '/imports', request, am);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Site carrières', clientName: 'Boulangeries Martin', stage: 'requested', priority: 2, kind: 'html' });
    const id = created.body.id as string;
    expect(created.body.workflowId).toBe(lifecycleWorkflowId(id));
    expect(created.body.links.temporalUi).toBe(`http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(lifecycleWorkflowId(id))}`);

    await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`)).body.length, { timeout: 20_000 }).toBe(1);

    const estimated = await call('POST', `/imports/${id}/estimate`, { estimator: 'dev.alice', days: 4, comment: 'Pagination + pages détail' }, TEAM.developer);
    expect(estimated.status).toBe(200);
    expect(estimated.body).toMatchObject({ importId: id, stage: 'estimated', estimateDays: 4 });

    const stored = await call('GET', `/imports/${id}`);
    expect(stored.body).toMatchObject({ stage: 'estimated', estimateDays: 4 });
    const decisions = await call('GET', `/imports/${id}/decisions`);
    expect(decisions.body.map((d: any) => [d.kind, d.actor, d.toStage, d.comment])).toEqual([
      ['requested', 'am.claire', 'requested', null],
      ['estimate', 'dev.alice', 'estimated', 'Pagination + pages détail'],
    ]);
    const state = await call('GET', `/imports/${id}/state`);
    expect(state.body.stage).toBe('estimated');

    const list = await call('GET', '/imports?limit=200');
    expect(list.body.items.map((i: any) => i.id)).toContain(id);
  });

  it('reuses the client of a second request from the same client', async () => {
    const a = await call('POST', '/imports', { ...request, client: 'Client partagé', name: 'Flux XML' }, am);
    const b = await call('POST', '/imports', { ...request, client: 'Client partagé', name: 'Site carrières' }, am);
    expect(a.status).toBe(201);
    expect(b.body.clientId).toBe(a.body.clientId);
  });

  it("keeps the request's contacts, credential references and wanted date (issue 15)", async () => {
    const wantedDate = `${new Date().getUTCFullYear() + 1}-03-01`;
    const details = {
      contacts: [{ name: 'Julie Martin', role: 'RH', email: 'julie@martin.example', phone: '+33 1 23 45 67 89' }, { name: 'Paul' }],
      credentialRefs: [{ name: 'MARTIN_ATS_TOKEN', purpose: 'ATS API' }, { name: 'martin.ftp-password' }],
      wantedDate,
    };
    const created = await call('POST', '/imports', { ...request, name: 'Avec contacts', ...details }, am);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(details);
    expect((await call('GET', `/imports/${created.body.id}`)).body).toMatchObject(details);
    // Left out, they are empty: no contact, no credential, no wish.
    const bare = await call('POST', '/imports', { ...request, name: 'Sans contacts' }, am);
    expect(bare.body).toMatchObject({ contacts: [], credentialRefs: [], wantedDate: null });
  });

  it('refuses a credential value in place of its name, a past wanted date and a malformed contact', async () => {
    const before = (await call('GET', '/imports?limit=1')).body.total as number;
    const res = await call(
      'POST',
      '/imports',
      {
        ...request,
        contacts: [{ name: 'Julie', email: 'not an e-mail' }, { role: 'RH' }],
        credentialRefs: [{ name: 'hunter2 is the password' }, { name: 'sk_live_51HxYzAbCdEf0123456789' }, { name: 'OK_NAME', value: 'hunter2' }],
        wantedDate: '2020-01-01',
      },
      am,
    );
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.error.details.fields.map((f: any) => [f.field, f.message]));
    expect(Object.keys(fields).sort()).toEqual(['contacts.0.email', 'contacts.1.name', 'credentialRefs.0.name', 'credentialRefs.1.name', 'credentialRefs.2', 'wantedDate']);
    expect(fields['credentialRefs.0.name']).toMatch(/secret NAME .*not its value/);
    expect(fields['credentialRefs.1.name']).toMatch(/looks like a secret value/);
    expect(fields.wantedDate).toBe('must be today or later');
    // No value echoed back in the error.
    expect(JSON.stringify(res.body)).not.toContain('sk_live_51HxYzAbCdEf0123456789');
    expect((await call('GET', '/imports?limit=1')).body.total).toBe(before);

    const tooMany = await call('POST', '/imports', { ...request, contacts: Array.from({ length: 21 }, (_, i) => ({ name: `C${i}` })), wantedDate: '2027-02-30' }, am);
    expect(tooMany.body.error.details.fields.map((f: any) => [f.field, f.message])).toEqual([
      ['contacts', 'at most 20 contacts'],
      ['wantedDate', 'must be a date as YYYY-MM-DD'],
    ]);
  });

  it('answers bad input with 400 and one message per field, and nothing is created', async () => {
    const before = (await call('GET', '/imports?limit=1')).body.total as number;
    const res = await call('POST', '/imports', { ...request, kind: 'csv', sourceUrls: ['ftp://x'], extra: true }, am);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['extra', 'kind', 'sourceUrls.0']);
    expect((await call('GET', '/imports?limit=1')).body.total).toBe(before);

    const malformed = await call('POST', '/imports', undefined, am, '{"client": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.status).toBe(400);

    expect((await call('GET', '/imports/not-a-uuid')).body.error).toMatchObject({ status: 400, message: expect.stringMatching(/UUID/) });
    expect((await call('GET', '/imports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/nowhere')).body.error).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers 409 when the lifecycle workflow no longer runs', async () => {
    const created = await call('POST', '/imports', { ...request, name: 'Terminated one' }, am);
    await stack.ctx.env.client.workflow.getHandle(created.body.workflowId as string).terminate('test');
    const res = await call('POST', `/imports/${created.body.id}/estimate`, { days: 2 }, TEAM.developer);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('workflow_not_running');
  });

  it('is ready only when Postgres, Temporal and a worker on its task queue answer', async () => {
    const ready = await call('GET', '/ready', undefined, null);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', checks: { postgres: { ok: true }, temporal: { ok: true }, worker: { ok: true } } });

    const lonely = await api(`no-worker-${Date.now()}`);
    const res = await fetch(`${lonely}/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as any;
    expect(body.checks.worker).toMatchObject({ ok: false, detail: expect.stringMatching(/no worker polls task queue/) });
    expect(body.checks.postgres.ok).toBe(true);

    expect((await call('GET', '/health', undefined, null)).body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document with every route', async () => {
    const doc = await call('GET', '/docs/openapi.json', undefined, null);
    expect(doc.status).toBe(200);
    // Other features add routes; test/access.test.ts checks every served route has an access rule.
    expect(Object.keys(doc.body.paths).sort()).toEqual(expect.arrayContaining([
      '/health',
      '/imports',
      '/imports/{id}',
      '/imports/{id}/alerts',
      '/imports/{id}/assign',
      '/imports/{id}/cancel',
      '/imports/{id}/client-decision',
      '/imports/{id}/decisions',
      '/imports/{id}/deploy-production',
      '/imports/{id}/deploy-staging',
      '/imports/{id}/environments/{env}/config',
      '/imports/{id}/environments/{env}/runs',
      '/imports/{id}/environments/{env}/schedule',
      '/imports/{id}/environments/{env}/schedule/backfill',
      '/imports/{id}/environments/{env}/schedule/pause',
      '/imports/{id}/environments/{env}/schedule/resume',
      '/imports/{id}/environments/{env}/schedule/trigger',
      '/imports/{id}/estimate',
      '/imports/{id}/notifications',
      '/imports/{id}/plan',
      '/imports/{id}/revert-production',
      '/imports/{id}/review',
      '/imports/{id}/runs',
      '/imports/{id}/start-development',
      '/imports/{id}/state',
      '/imports/{id}/submit-review',
      '/ready',
      '/runs/{runId}',
      '/runs/{runId}/decision',
      '/runs/{runId}/revert',
      '/team/members',
      '/team/members/{handle}/keys',
    ]));
    // The request's details follow from the zod schema: optional, bounded, the date's format described.
    const create = doc.body.paths['/imports'].post.requestBody.content['application/json'].schema;
    expect([create.properties.contacts.maxItems, create.properties.credentialRefs.maxItems, create.properties.wantedDate.description]).toEqual([20, 20, 'YYYY-MM-DD']);
    expect(create.required).not.toContain('wantedDate');
    expect(doc.body.paths['/imports'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['client', 'name', 'kind', 'sourceUrls']),
    );
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });
});
