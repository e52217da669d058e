// Access control through the real API: every route has a rule, the matrix of routes × roles (generated from
// the router and the permission table, so it grows with the API), API keys, the actor taken from the key, and
// the same role rules enforced by the lifecycle workflow when an update is sent straight to Temporal.
import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AuthGuard } from '../apps/api/auth/auth.guard';
import { AuditRepository } from '../apps/api/audit/audit.repository';
import { AuthRepository } from '../apps/api/auth/auth.repository';
import { environmentRule, PERMISSIONS, ruleFor, type RoleRule, type Rule } from '../apps/api/auth/permissions';
import { ensureMemberWithKey } from '../apps/api/team/bootstrap';
import { ENVIRONMENT_NAMES, estimateUpdate, lifecycleWorkflowId, MEMBER_ROLES, reviewUpdate, stateQuery, type EnvironmentName, type MemberRole } from '../contracts';
import { passReviewSheet, TEAM, TEAM_MEMBERS, writeDossier, type TeamMember } from './support/api';
import { maybeRecordHistory } from './support/histories';
import { rejection, startLifecycle } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });

/** Every route the API serves, as `[METHOD, /declared/:path]`, read from Express's router. */
function servedRoutes(): [string, string][] {
  const express = stack.api.app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
  const layers = (express.router ?? express._router)!.stack as { route?: { path: string; methods: Record<string, boolean> } }[];
  const routes: [string, string][] = [];
  for (const layer of layers) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.push([method.toUpperCase(), layer.route.path]);
  }
  return routes;
}

/** A member of each role, by role. */
const memberOf: Record<MemberRole, TeamMember> = { account_manager: TEAM.accountManager, lead: TEAM.lead, developer: TEAM.developer, ops: TEAM.ops };

async function raw(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(`${stack.api.base}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text !== '' && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as any) : text };
}

describe('the permission table', () => {
  it('declares every route the API serves (deny by default: a new route without a rule fails here)', () => {
    const routes = servedRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const undeclared = routes.filter(([method, path]) => !ruleFor(method, path)).map(([m, p]) => `${m} ${p}`);
    expect(undeclared, `routes without an entry in apps/api/auth/permissions.ts`).toEqual([]);
  });

  it('keeps the client feed public for reads only (its token is the credential) and its tokens to account management, lead and ops', async () => {
    for (const path of ['/feeds/:token/jobs.json', '/feeds/:token/jobs.xml', '/feeds/:token/changes']) {
      expect(ruleFor('GET', path), path).toEqual({ public: 'client feed: its own token' });
      expect(ruleFor('POST', path), path).toBeUndefined();
    }
    for (const key of ['POST /clients/:clientId/feed-tokens', 'GET /clients/:clientId/feed-tokens', 'DELETE /clients/:clientId/feed-tokens/:tokenId']) {
      expect(PERMISSIONS[key], key).toEqual({ roles: ['account_manager', 'lead', 'ops'] });
    }
    for (const key of ['GET /imports/:id/environments/:env/jobs', 'GET /jobs/:id']) expect(PERMISSIONS[key], key).toEqual({ roles: MEMBER_ROLES });
    // Without a key, a feed answers for its token (404 unknown), not the guard (401).
    const res = await raw('GET', `/feeds/lif_${'b'.repeat(43)}/jobs.json`);
    expect([res.status, res.body.error.code]).toEqual([404, 'unknown_feed_token']);
  });

  it('refuses a route without a rule to every role, even the lead', async () => {
    const guard = new AuthGuard(new AuthRepository(stack.ctx.database.db), new AuditRepository(stack.ctx.database.db));
    const request = { method: 'GET', path: '/undeclared', route: { path: '/undeclared' }, params: {}, headers: { authorization: `Bearer ${stack.api.keys[TEAM.lead]}` } };
    const context = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).rejects.toMatchObject({ status: 403, response: { error: { code: 'forbidden', message: expect.stringMatching(/GET \/undeclared has no access rule/) } } });
  });

  it('documents the bearer scheme and each route’s rule in OpenAPI, public routes without security', async () => {
    const doc = (await raw('GET', '/docs/openapi.json')).body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/imports/{id}/review'].post.description).toMatch(/\*\*Access\*\* — Roles: developer\./);
    expect(doc.paths['/imports/{id}/review'].post.responses['403']).toBeDefined();
  });
});

/**
 * An import (created through the API, its stage then set to `stage`) with one run row in each environment: the
 * per-environment rules of run routes follow the run's environment, so the matrix needs real ones.
 */
async function importWithRuns(name: string, stage: string): Promise<{ id: string; runIn: Record<EnvironmentName, string> }> {
  const created = await stack.api.call('POST', '/imports', { client: 'Acme', name, kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager);
  const id = created.body.id as string;
  await expect.poll(async () => (await stack.api.call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);
  await stack.ctx.database.sql`update imports set stage = ${stage} where id = ${id}`;
  const runIn = { staging: randomUUID(), production: randomUUID() };
  for (const env of ENVIRONMENT_NAMES) {
    await stack.ctx.database.sql`insert into runs (id, import_id, environment, workflow_id, status, importer_key)
      values (${runIn[env]}, ${id}, ${env}, ${`import-run:${id}:${env}-matrix`}, 'failed', 'greenhouse')`;
  }
  return { id, runIn };
}

describe('production is reached only through its gates', () => {
  it('leaves a developer no path to production jobs: config 409 (the saga’s route named), run 403, nothing written', async () => {
    const { id } = await importWithRuns('Developer path', 'requested');
    const config = { importerKey: 'greenhouse', config: { boardToken: 'acme', baseUrl: 'http://127.0.0.1:9' }, fetchPolicy: {} };
    const put = await stack.api.call('PUT', `/imports/${id}/environments/production/config`, config, TEAM.developer);
    expect([put.status, put.body.error.code, put.body.error.details]).toEqual([409, 'use_the_deploy_saga', { use: ['POST /imports/:id/deploy-production', 'POST /imports/:id/start-maintenance'] }]);
    expect(put.body.error.message).toMatch(/^PUT \/imports\/:id\/environments\/:env\/config in production: refused to every role\. Production configuration is written only by the production deploy saga/);
    // Not even the lead or ops write it by hand: the saga and the maintenance deploy write it from their activities.
    for (const who of [TEAM.lead, TEAM.ops]) expect((await stack.api.call('PUT', `/imports/${id}/environments/production/config`, config, who)).status).toBe(409);
    const run = await stack.api.call('POST', `/imports/${id}/environments/production/runs`, {}, TEAM.developer);
    expect([run.status, run.body.error.message]).toEqual([403, 'A developer (dev.alice) may not call POST /imports/:id/environments/:env/runs in production: it is for "lead", "ops"']);
    expect((await stack.api.call('POST', `/imports/${id}/environments/production/schedule`, {}, TEAM.developer)).status).toBe(403);

    const sql = stack.ctx.database.sql;
    expect(await sql`select 1 from import_configs where import_id = ${id} and environment = 'production'`).toHaveLength(0);
    expect(await sql`select 1 from jobs where import_id = ${id} and environment = 'production'`).toHaveLength(0);
    expect(await sql`select 1 from runs where import_id = ${id} and environment = 'production' and workflow_id not like '%-matrix'`).toHaveLength(0);
    // Staging stays the developers' space.
    expect((await stack.api.call('PUT', `/imports/${id}/environments/staging/config`, config, TEAM.developer)).status).toBe(200);

    // Each refusal is in the audit log, with the import.
    const audit = (await stack.api.call('GET', `/audit?importId=${id}`, undefined, TEAM.ops)).body.items as any[];
    expect(audit.filter((a) => a.actor === TEAM.developer).map((a) => [a.action, a.status, a.data.error?.code]).reverse()).toEqual([
      ['PUT /imports/:id/environments/:env/config', 409, 'use_the_deploy_saga'],
      ['POST /imports/:id/environments/:env/runs', 403, 'forbidden'],
      ['POST /imports/:id/environments/:env/schedule', 403, 'forbidden'],
      ['PUT /imports/:id/environments/:env/config', 200, undefined],
    ]);
  });

  it('audits every production operation with its import id, run decisions and reverts included', async () => {
    const { id, runIn } = await importWithRuns('Audited', 'live');
    const decided = await stack.api.call('POST', `/runs/${runIn.production}/decision`, { decision: 'discard' }, TEAM.lead);
    expect(decided.status).toBe(409);
    expect((await stack.api.call('POST', `/runs/${runIn.production}/decision`, { decision: 'apply' }, TEAM.developer)).status).toBe(403);
    // Staging runs are the developers' to decide on.
    expect((await stack.api.call('POST', `/runs/${runIn.staging}/decision`, { decision: 'discard' }, TEAM.developer)).status).toBe(409);
    const rows = ((await stack.api.call('GET', `/audit?importId=${id}`, undefined, TEAM.ops)).body.items as any[]).filter((a) => a.action === 'POST /runs/:runId/decision').reverse();
    expect(rows.map((a) => [a.actor, a.importId, a.target, a.data.environment, a.status])).toEqual([
      [TEAM.lead, id, runIn.production, 'production', 409],
      [TEAM.developer, id, runIn.production, 'production', 403],
      [TEAM.developer, id, runIn.staging, 'staging', 409],
    ]);
  });
});

describe('the access matrix: every route × every role', () => {
  const sample: Record<string, string> = { id: randomUUID(), env: 'staging', runId: randomUUID(), keyId: randomUUID(), handle: 'dev.matrix' };
  const concrete = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => (path.startsWith('/incidents') && name === 'id' ? '999999' : (sample[name] ?? 'x')));
  const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

  it('answers 401 without a key, with an unknown key, or a revoked one; 403 to a role the rule does not name; never 401/403 to one it names', async () => {
    await ensureMemberWithKey(stack.ctx.database.db, { handle: 'dev.matrix', name: 'Matrix', email: 'matrix@liaison.example', role: 'developer', skills: [], weeklyCapacityDays: 1 }, 'matrix');
    const revoked = (await stack.api.call('POST', `/team/members/${TEAM.ops}/keys`, { label: 'to revoke' }, TEAM.lead)).body;
    expect((await stack.api.call('DELETE', `/team/members/${TEAM.ops}/keys/${revoked.id}`, undefined, TEAM.lead)).status).toBe(200);

    const failures: string[] = [];
    const expectStatus = (what: string, status: number, ok: (s: number) => boolean, wanted: string) => {
      if (!ok(status)) failures.push(`${what}: ${status}, expected ${wanted}`);
    };
    for (const [method, path] of servedRoutes()) {
      const rule = ruleFor(method, path) as Rule;
      if ('public' in rule) continue;
      // Routes ruled per environment: the environment × role matrix below covers their roles.
      const perEnvironment = 'environments' in rule && rule.environments !== undefined;
      const url = concrete(path);
      const body = bodyFor(method);
      for (const [who, key] of [['no key', null], ['unknown key', 'lia_not-a-real-key-at-all'], ['revoked key', revoked.key]] as const) {
        const res = await raw(method, url, key ? { authorization: `Bearer ${key}` } : {}, body);
        // A page asked for with no credential at all: a signed-out browser, sent to the sign-in form.
        const page = !key && (path.startsWith('/dashboard') || (method === 'GET' && path.startsWith('/console')));
        expectStatus(`${method} ${path} with ${who}`, res.status, (s) => (page ? s === 303 : s === 401), page ? '303 to the sign-in form' : '401');
        if (method === 'GET') {
          const head = await raw('HEAD', url, key ? { authorization: `Bearer ${key}` } : {});
          expectStatus(`HEAD ${path} with ${who}`, head.status, (s) => (page ? s === 303 : s === 401), 'as GET');
        }
      }
      for (const role of perEnvironment ? [] : MEMBER_ROLES) {
        const res = await raw(method, url, { authorization: `Bearer ${stack.api.keys[memberOf[role]]}` }, body);
        if (rule.roles.includes(role)) expectStatus(`${method} ${path} as ${role}`, res.status, (s) => s !== 401 && s !== 403 && s < 500, '2xx or a 4xx about the request');
        else expectStatus(`${method} ${path} as ${role}`, res.status, (s) => s === 403, '403');
        // HEAD follows the GET rule.
        if (method === 'GET') {
          const head = await raw('HEAD', url, { authorization: `Bearer ${stack.api.keys[memberOf[role]]}` });
          expectStatus(`HEAD ${path} as ${role}`, head.status, (s) => (rule.roles.includes(role) ? s !== 401 && s !== 403 && s < 500 : s === 403), 'as GET');
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('covers every route × environment × role of the per-environment rules, on a real import and real runs', async () => {
    const { id, runIn } = await importWithRuns('Matrix by environment', 'live');
    const failures: string[] = [];
    const routes = servedRoutes().filter(([m, p]) => (ruleFor(m, p) as RoleRule).environments);
    expect(routes.map(([m, p]) => `${m} ${p}`).sort()).toEqual(Object.entries(PERMISSIONS).filter(([, r]) => 'environments' in r && r.environments).map(([k]) => k).sort());
    for (const [method, path] of routes) {
      const rule = ruleFor(method, path) as RoleRule;
      for (const env of ENVIRONMENT_NAMES) {
        const url = path.replace(':id', id).replace(':env', env).replace(':runId', runIn[env]);
        const envRule = environmentRule(rule, env)!;
        for (const role of MEMBER_ROLES) {
          const res = await raw(method, url, { authorization: `Bearer ${stack.api.keys[memberOf[role]]}` }, bodyFor(method));
          const what = `${method} ${path} in ${env} as ${role}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
          if ('refused' in envRule) {
            if (res.status !== 409 || res.body.error.code !== envRule.refused.code) failures.push(`${what}, expected 409 ${envRule.refused.code}`);
          } else if (envRule.roles.includes(role)) {
            if (res.status === 401 || res.status === 403 || res.status >= 500 || res.body?.error?.code === 'wrong_stage') failures.push(`${what}, expected 2xx or a 4xx about the request`);
          } else if (res.status !== 403) failures.push(`${what}, expected 403`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('applies the stage rule: production runs and schedules only once production exists (409 wrong_stage), staging untouched', async () => {
    const { id, runIn } = await importWithRuns('Matrix by stage', 'requested');
    const failures: string[] = [];
    let staged = 0;
    for (const [method, path] of servedRoutes()) {
      const rule = ruleFor(method, path) as RoleRule;
      if (!rule.environments) continue;
      for (const env of ENVIRONMENT_NAMES) {
        const envRule = environmentRule(rule, env)!;
        if ('refused' in envRule) continue;
        const url = path.replace(':id', id).replace(':env', env).replace(':runId', runIn[env]);
        for (const role of envRule.roles) {
          const res = await raw(method, url, { authorization: `Bearer ${stack.api.keys[memberOf[role]]}` }, bodyFor(method));
          const code = res.body?.error?.code;
          const what = `${method} ${path} in ${env} as ${role} on a "requested" import: ${res.status} ${code}`;
          if (envRule.stages && !envRule.stages.in.includes('requested')) {
            staged++;
            if (res.status !== 409 || code !== 'wrong_stage') failures.push(`${what}, expected 409 wrong_stage`);
          } else if (code === 'wrong_stage' || res.status === 403) failures.push(`${what}, expected no stage or role refusal`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(staged).toBeGreaterThanOrEqual(10);
    const refused = await stack.api.call('POST', `/imports/${id}/environments/production/runs`, {}, TEAM.ops);
    expect(refused.body.error).toMatchObject({ status: 409, code: 'wrong_stage', details: { stage: 'requested', allowedStages: expect.arrayContaining(['live']) } });
    expect(refused.body.error.message).toMatch(/^POST \/imports\/:id\/environments\/:env\/runs in production is refused while the import is "requested"/);
  });

  it('lets a member manage their own keys (the `self` rule), not someone else’s', async () => {
    const own = await stack.api.call('POST', `/team/members/${TEAM.developer}/keys`, { label: 'laptop' }, TEAM.developer);
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ member: TEAM.developer, label: 'laptop', prefix: own.body.key.slice(0, 12), revokedAt: null });
    const other = await stack.api.call('POST', `/team/members/${TEAM.reviewer}/keys`, {}, TEAM.developer);
    expect([other.status, other.body.error.code]).toEqual([403, 'forbidden']);
    expect(other.body.error.message).toBe('A developer (dev.alice) may not call POST /team/members/:handle/keys: it is for "lead", or the member :handle itself');
  });
});

describe('API keys', () => {
  it('are shown once, stored hashed, listed by prefix, and stop working when revoked or when the member is deactivated', async () => {
    const handle = `dev.keys-${Date.now().toString(36)}`;
    const created = await stack.api.call('POST', '/team/members', { handle, name: 'Léa Keys', email: 'lea@liaison.example', role: 'developer', skills: ['XML', 'taleo'] }, TEAM.lead);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ handle, role: 'developer', skills: ['xml', 'taleo'], weeklyCapacityDays: 5, deactivatedAt: null });
    expect((await stack.api.call('POST', '/team/members', { handle, name: 'Again', email: 'a@liaison.example', role: 'ops' }, TEAM.lead)).status).toBe(409);

    const key = await stack.api.call('POST', `/team/members/${handle}/keys`, {}, TEAM.lead);
    expect(key.status).toBe(201);
    expect(key.body.key).toMatch(/^lia_[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${key.body.key}` };
    expect((await raw('GET', '/team/me', bearer)).body).toMatchObject({ handle, role: 'developer', keyId: key.body.id });

    const stored = await stack.ctx.database.sql`select hash, prefix from api_keys where id = ${key.body.id}`;
    expect(stored[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key.body.key);
    const listed = (await raw('GET', `/team/members/${handle}/keys`, bearer)).body;
    expect(listed).toEqual([expect.objectContaining({ id: key.body.id, prefix: key.body.key.slice(0, 12), revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(key.body.key);
    expect(listed[0]).not.toHaveProperty('hash');

    // The member revokes their own key: it no longer authenticates.
    const revoked = await raw('DELETE', `/team/members/${handle}/keys/${key.body.id}`, bearer);
    expect([revoked.status, typeof revoked.body.revokedAt]).toEqual([200, 'string']);
    expect((await raw('GET', '/team/me', bearer)).body.error).toMatchObject({ status: 401, code: 'invalid_key' });

    const second = (await stack.api.call('POST', `/team/members/${handle}/keys`, { label: 'second' }, TEAM.lead)).body.key as string;
    expect((await raw('GET', '/imports', { authorization: `Bearer ${second}` })).status).toBe(200);
    expect((await stack.api.call('DELETE', `/team/members/${handle}`, undefined, TEAM.lead)).body.deactivatedAt).toEqual(expect.any(String));
    expect((await raw('GET', '/imports', { authorization: `Bearer ${second}` })).status).toBe(401);
    expect((await stack.api.call('POST', `/team/members/${handle}/keys`, {}, TEAM.lead)).status).toBe(409);
  });

  it('refuses malformed headers and bodies with clear messages', async () => {
    const basic = await raw('GET', '/imports', { authorization: 'Basic abc' });
    expect([basic.status, basic.body.error.message]).toEqual([401, 'Authorization header: expected "Bearer <key>"']);
    const none = await raw('GET', '/imports');
    expect(none.body.error).toMatchObject({ status: 401, code: 'unauthenticated' });
    const bad = await stack.api.call('POST', '/team/members', { handle: 'Alice', name: '', email: 'nope', role: 'boss', extra: 1 }, TEAM.lead);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['email', 'extra', 'handle', 'name', 'role']);
  });

  it('work in a browser through a session cookie (not the key) set by the login form, for reads only', async () => {
    expect((await raw('GET', '/auth/login')).body).toMatch(/<form method="post" action="\/auth\/login">/);
    const wrong = await raw('POST', '/auth/login', {}, { key: 'lia_wrong-wrong-wrong' });
    expect(wrong.status).toBe(401);
    const key = (await stack.api.call('POST', `/team/members/${TEAM.ops}/keys`, { label: 'browser' }, TEAM.lead)).body;
    const login = await raw('POST', '/auth/login', { origin: stack.api.base }, { key: key.key, next: '/dashboard' });
    expect([login.status, login.headers.get('location')]).toEqual([303, '/dashboard']);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^liaison_session=lis_[A-Za-z0-9_-]{43}; Max-Age=43200; .*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(key.key);
    const cookie = setCookie.split(';')[0]!;
    const session = cookie.slice('liaison_session='.length);
    // Stored hashed, expiring in 12 hours, tied to the key it was opened with.
    const [stored] = await stack.ctx.database.sql`select hash, key_id, extract(epoch from expires_at - created_at)::int as ttl from sessions where key_id = ${key.id}`;
    expect(stored).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), key_id: key.id, ttl: 43_200 });
    expect(JSON.stringify(stored)).not.toContain(session);

    expect((await raw('GET', '/team/me', { cookie })).body.handle).toBe(TEAM.ops);
    expect((await raw('HEAD', '/team/me', { cookie })).status).toBe(200);
    // A cross-site form could send the cookie: it never authorises a change.
    expect((await raw('POST', `/team/members/${TEAM.ops}/keys`, { cookie }, {})).status).toBe(401);
    // The raw key in a cookie (the old scheme) is not a credential any more.
    expect((await raw('GET', '/team/me', { cookie: `liaison_key=${key.key}` })).status).toBe(401);
    expect((await raw('POST', '/auth/login', {}, { key: key.key, next: 'https://evil.example/' })).headers.get('location')).toBe('/dashboard');

    // Signing out revokes the session server-side: the cookie is worthless even if kept.
    const out = await raw('POST', '/auth/logout', { cookie, origin: stack.api.base });
    expect([out.status, out.headers.get('set-cookie')]).toEqual([200, expect.stringMatching(/^liaison_session=;/)]);
    expect((await raw('GET', '/team/me', { cookie })).body.error).toMatchObject({ status: 401, code: 'invalid_session' });
    expect((await stack.ctx.database.sql`select revoked_at from sessions where key_id = ${key.id}`)[0]!.revoked_at).not.toBeNull();

    // A session ends with its key, and when it expires.
    const again = (await raw('POST', '/auth/login', {}, { key: key.key })).headers.get('set-cookie')!.split(';')[0]!;
    expect((await raw('GET', '/team/me', { cookie: again })).status).toBe(200);
    await stack.ctx.database.sql`update sessions set expires_at = now() - interval '1 second' where key_id = ${key.id} and revoked_at is null`;
    expect((await raw('GET', '/team/me', { cookie: again })).status).toBe(401);
    const third = (await raw('POST', '/auth/login', {}, { key: key.key })).headers.get('set-cookie')!.split(';')[0]!;
    expect((await stack.api.call('DELETE', `/team/members/${TEAM.ops}/keys/${key.id}`, undefined, TEAM.lead)).status).toBe(200);
    expect((await raw('GET', '/team/me', { cookie: third })).status).toBe(401);
  });

  it('refuses a sign-in posted from another site (Origin, else Referer)', async () => {
    const key = stack.api.keys[TEAM.ops];
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'https://evil.example/page' }] as Record<string, string>[]) {
      const res = await raw('POST', '/auth/login', headers, { key });
      expect([res.status, res.body.error.code, res.headers.get('set-cookie')], JSON.stringify(headers)).toEqual([403, 'cross_site_request', null]);
    }
    expect((await raw('POST', '/auth/login', { referer: `${stack.api.base}/auth/login` }, { key })).status).toBe(303);
  });
});

describe('the actor comes from the key', () => {
  it('fills `by` from the caller, refuses a `by` naming someone else (403) and a role in the body (400)', async () => {
    const created = await stack.api.call('POST', '/imports', { client: 'Acme', name: 'Actors', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager);
    expect([created.status, created.body.requestedBy]).toEqual([201, TEAM.accountManager]);
    const id = created.body.id as string;
    await expect.poll(async () => (await stack.api.call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);

    const impostor = await stack.api.call('POST', `/imports/${id}/estimate`, { estimator: TEAM.reviewer, days: 2 }, TEAM.developer);
    expect([impostor.status, impostor.body.error.code, impostor.body.error.message]).toEqual([
      403,
      'actor_mismatch',
      'estimator: "dev.bruno" is not the caller; this key belongs to "dev.alice", and decisions are recorded under the key\'s member',
    ]);
    const role = await stack.api.call('POST', `/imports/${id}/estimate`, { days: 2, role: 'lead' }, TEAM.developer);
    expect([role.status, role.body.error.details.fields]).toEqual([400, [{ field: 'role', message: expect.any(String) }]]);

    const estimated = await stack.api.call('POST', `/imports/${id}/estimate`, { days: 2 }, TEAM.developer);
    expect([estimated.status, estimated.body.history.at(-1).actor]).toEqual([200, TEAM.developer]);
    const wrongRole = await stack.api.call('POST', `/imports/${id}/plan`, { priority: 1, wantedDate: '2027-01-15' }, TEAM.developer);
    expect([wrongRole.status, wrongRole.body.error.code]).toEqual([403, 'forbidden']);
    const planned = await stack.api.call('POST', `/imports/${id}/plan`, { by: TEAM.lead, priority: 1, wantedDate: '2027-01-15' }, TEAM.lead);
    expect([planned.status, planned.body.plan.by]).toEqual([200, TEAM.lead]);
    const notDeveloper = await stack.api.call('POST', `/imports/${id}/assign`, { assignee: TEAM.ops }, TEAM.lead);
    expect([notDeveloper.status, notDeveloper.body.error.message]).toEqual([422, 'assignee: ops.marc is a ops, not a developer']);
    const unknown = await stack.api.call('POST', `/imports/${id}/assign`, { assignee: 'dev.nobody' }, TEAM.lead);
    expect([unknown.status, unknown.body.error.message]).toEqual([422, 'assignee: no active member "dev.nobody"']);

    // The audit log: every operation that reached its handler, refused or not, and a change the member's role does
    // not allow (the guard's 403) — not malformed bodies.
    const audit = await stack.api.call('GET', `/audit?importId=${id}&limit=4`, undefined, TEAM.ops);
    expect(audit.status).toBe(200);
    const next = await stack.api.call('GET', `/audit?importId=${id}&limit=4&cursor=${audit.body.nextCursor}`, undefined, TEAM.ops);
    expect(next.body.nextCursor).toBeNull();
    const rows = [...audit.body.items, ...next.body.items].reverse();
    expect(rows.map((a: any) => [a.action, a.actor, a.role, a.status, a.fromStage, a.toStage])).toEqual([
      ['POST /imports', 'am.claire', 'account_manager', 201, null, null],
      ['POST /imports/:id/estimate', 'dev.alice', 'developer', 403, null, null],
      ['POST /imports/:id/estimate', 'dev.alice', 'developer', 200, 'requested', 'estimated'],
      ['POST /imports/:id/plan', 'dev.alice', 'developer', 403, null, null],
      ['POST /imports/:id/plan', 'lead.sophie', 'lead', 200, 'estimated', 'planned'],
      ['POST /imports/:id/assign', 'lead.sophie', 'lead', 422, null, null],
      ['POST /imports/:id/assign', 'lead.sophie', 'lead', 422, null, null],
    ]);
    expect(rows[3]).toMatchObject({ importId: id, data: { priority: 1, wantedDate: '2027-01-15', error: { code: 'forbidden' } } });
    expect(rows[4]).toMatchObject({ importId: id, data: { priority: 1, wantedDate: '2027-01-15' } });
    expect(rows[6].data.error).toMatchObject({ code: 'unknown_assignee' });
    const byClaire = (await stack.api.call('GET', `/audit?importId=${id}&actor=am.claire`, undefined, TEAM.developer)).body.items;
    expect(byClaire.map((a: any) => a.action)).toEqual(['POST /imports']);
    expect((await stack.api.call('GET', '/audit?limit=0&colour=red', undefined, TEAM.ops)).body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['colour', 'limit']);
  });
});

describe('a self-review is refused through the API and by the workflow itself', () => {
  const submission = { version: 'v1', importerKey: 'greenhouse', config: { boardToken: 'acme', baseUrl: 'http://127.0.0.1:9' } };

  it('refuses it, and refuses decisions sent to Temporal without the right role', async () => {
    const created = await stack.api.call('POST', '/imports', { client: 'Acme', name: 'Four eyes', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager);
    const id = created.body.id as string;
    await expect.poll(async () => (await stack.api.call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);
    const steps: [string, unknown, TeamMember][] = [
      ['estimate', { days: 3 }, TEAM.developer],
      ['plan', { priority: 2, wantedDate: '2027-02-01' }, TEAM.lead],
      ['assign', { assignee: TEAM.developer }, TEAM.lead],
      ['start-development', {}, TEAM.developer],
      ['submit-review', submission, TEAM.developer],
    ];
    for (const [step, body, as] of steps) {
      if (step === 'submit-review') await writeDossier(stack.api, id, as);
      const res = await stack.api.call('POST', `/imports/${id}/${step}`, body, as);
      expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBe(200);
    }

    // Through the API: the author is a developer, so the guard lets them in; the workflow refuses.
    const self = await stack.api.call('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.developer);
    expect([self.status, self.body.error.message]).toEqual([422, 'a developer cannot review their own work: dev.alice is the author of revision 1']);
    expect((await stack.api.call('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.accountManager)).status).toBe(403);

    // Around the API, straight to the workflow: the same rules.
    const handle = stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id));
    expect(await rejection(handle.executeUpdate(reviewUpdate, { args: [{ by: TEAM.developer, role: 'developer', decision: 'approve' }] }))).toEqual({
      type: 'InvalidDecision',
      message: 'a developer cannot review their own work: dev.alice is the author of revision 1',
    });
    expect(await rejection(handle.executeUpdate(reviewUpdate, { args: [{ by: TEAM.reviewer, decision: 'approve' }] }))).toEqual({
      type: 'RoleRefused',
      message: 'role: required (the sender\'s role; review is sent by "developer")',
    });
    expect(await rejection(handle.executeUpdate(reviewUpdate, { args: [{ by: TEAM.accountManager, role: 'account_manager', decision: 'approve' }] }))).toEqual({
      type: 'RoleRefused',
      message: 'role: review is sent by "developer", not "account_manager"',
    });
    expect((await handle.query(stateQuery)).review).toBeNull();

    await passReviewSheet(stack.api, id, TEAM.reviewer);
    const approved = await stack.api.call('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer);
    expect([approved.status, approved.body.review.by, approved.body.access]).toEqual([200, TEAM.reviewer, 'roles']);
    await maybeRecordHistory(handle, 'import-lifecycle-roles-self-review');
  });

  it('keeps lifecycles started before roles existed working: no role sent is accepted there, a wrong one is not', async () => {
    const { handle } = await startLifecycle(stack.ctx);
    expect(await rejection(handle.executeUpdate(estimateUpdate, { args: [{ estimator: 'ops.sam', role: 'ops', days: 2 }] }))).toEqual({
      type: 'RoleRefused',
      message: 'role: estimate is sent by "developer", not "ops"',
    });
    expect((await handle.executeUpdate(estimateUpdate, { args: [{ estimator: 'dev.lucas', days: 2 }] })).stage).toBe('estimated');
  });
});

it('has a permission for every lifecycle decision route, taken from the rules the workflow checks', () => {
  for (const [key, rule] of Object.entries(PERMISSIONS)) {
    expect(key, 'keys are "<METHOD> <path>"').toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
    expect('public' in rule ? rule.public : rule.roles.length, key).toBeTruthy();
  }
  expect(ruleFor('POST', '/imports/:id/deploy-production')).toEqual({ roles: ['lead', 'ops'] });
  expect(ruleFor('GET', '/preview/abc')).toMatchObject({ public: expect.any(String) });
  expect(TEAM_MEMBERS[TEAM.reviewer].role).toBe('developer');
});
