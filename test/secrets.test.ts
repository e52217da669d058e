// Secrets end to end (issue 11 §2): a `{ "$secret": "NAME" }` reference is stored as written and resolved only inside
// the run's activity; then the secret's value is planted where runs fail in several ways — an HTTP error on a URL
// built from it, a parse error quoting it, a redirect to a URL carrying it — and one run succeeds with it in its
// URLs. The value must be absent from every table, every API answer the test received, every log line of the API
// and the worker, every notification (webhook, email) and every workflow history of the test.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRunResult } from '../contracts';
import { createLogger } from '../platform/logger';
import { serveHostile, type HostileRoutes, type HostileServer } from '../scripts/bench/hostile/serve';
import { startApi, TEAM, type TeamMember, type TestApi } from './support/api';
import { incidentsOf, startIncidentWorker } from './support/incidents';
import { startMailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from './support/receivers';
import { runFailure, startRun } from './support/runs';
import { connectTestStack, type TestContext } from './support/stack';

let ctx: TestContext;
let api: TestApi;
let worker: Awaited<ReturnType<typeof startIncidentWorker>>;
let webhook: WebhookReceiver;
let mail: MailReceiver;
let source: HostileServer;

/** The planted value: a Greenhouse board token, so every URL of the source is built from it (`/v1/boards/<token>/jobs`). */
const TOKEN = `tok${randomUUID().replace(/-/g, '')}`;
const SECRET = `GH_TOKEN_${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
const logs: string[] = [];
const answers: string[] = [];

const board = (origin: string) =>
  JSON.stringify({
    jobs: [1, 2].map((i) => ({ id: i, title: `Poste ${i}`, absolute_url: `${origin}/jobs/${i}`, location: { name: 'Lyon' }, updated_at: '2026-11-01T10:00:00Z', content: `&lt;p&gt;Mission ${i}&lt;/p&gt;` })),
  });
const jobsPath = (prefix: string) => `/${prefix}/v1/boards/${TOKEN}/jobs?content=true`;

beforeAll(async () => {
  ctx = await connectTestStack();
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  [webhook, mail] = await Promise.all([startWebhookReceiver(), startMailReceiver()]);
  source = await serveHostile((origin): HostileRoutes => ({
    [jobsPath('ok')]: { headers: { 'content-type': 'application/json' }, body: board(origin) },
    [jobsPath('e404')]: { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' },
    [jobsPath('parse')]: { headers: { 'content-type': 'application/json' }, body: `{"jobs": [ board ${TOKEN} is closed` },
    [jobsPath('redirect')]: { status: 302, headers: { location: `${origin}/moved/${TOKEN}/jobs` } },
  }));
  worker = await startIncidentWorker(ctx, { webhook, mail, escalateAfterMs: 600_000, logger: createLogger({ level: 'debug', service: 'worker' }, capture) });
  api = await startApi(ctx, ctx.taskQueue, { logger: createLogger({ level: 'debug', service: 'api' }, capture) });
  await ctx.database.sql`insert into secrets (name, value) values (${SECRET}, ${TOKEN})`;
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await Promise.all([webhook?.close(), mail?.close(), source?.close()]);
  if (ctx) await ctx.database.sql`delete from secrets where name = ${SECRET}`;
  await ctx?.close();
});

/** An API call whose answer (status and raw body) is kept for the final check. */
async function call(method: string, path: string, body: unknown, as: TeamMember) {
  const res = await api.call(method, path, body, as);
  answers.push(`${method} ${path} ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** An import whose source is `prefix` on the hostile server, configured through the API (staging) then in production. */
async function importOn(prefix: string): Promise<string> {
  const created = await call('POST', '/imports', { client: `Secret ${prefix} ${randomUUID()}`, name: `Secret ${prefix}`, kind: 'json', sourceUrls: ['https://boards.example/'] }, TEAM.accountManager);
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const config = { boardToken: { $secret: SECRET }, baseUrl: `${source.origin}/${prefix}` };
  const saved = await call('PUT', `/imports/${id}/environments/staging/config`, { importerKey: 'greenhouse', config, fetchPolicy: { totalTimeoutMs: 10_000 } }, TEAM.lead);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  // Production as the deploy saga would leave it (the saga itself is tested elsewhere): the same stored reference.
  await ctx.database.sql`
    insert into import_configs (import_id, environment, importer_key, config, checks, fetch_policy)
    select import_id, 'production', importer_key, config, checks, fetch_policy from import_configs where import_id = ${id} and environment = 'staging'`;
  return id;
}

/** Every public table but `secrets` (which holds the value by design), each row cast to text. */
async function tablesAsText(): Promise<Map<string, string>> {
  const sql = ctx.database.sql;
  const tables = await sql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'secrets'`;
  const out = new Map<string, string>();
  for (const { table_name } of tables) {
    const rows = await sql.unsafe(`select t::text as row from "${table_name.replace(/"/g, '""')}" t`);
    out.set(table_name, rows.map((r) => String(r.row)).join('\n'));
  }
  return out;
}

/** Every workflow of this file's task queue, its whole history as text (payloads decoded from their bytes). */
async function historiesAsText(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const execution of ctx.env.client.workflow.list({ query: `TaskQueue = "${ctx.taskQueue}"` })) {
    const history = await ctx.env.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    out.set(`${execution.workflowId}/${execution.runId}`, JSON.stringify(history, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value)));
  }
  return out;
}

/** The rows of a list answer, bare or wrapped (`{ items: [...] }`). */
const items = (body: unknown): { id: string }[] => (Array.isArray(body) ? body : ((Object.values(body as object).find(Array.isArray) as { id: string }[] | undefined) ?? []));

const forms = [TOKEN, encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString('base64')];
const leaks = (texts: Map<string, string> | string[]) => [...(Array.isArray(texts) ? texts.entries() : texts.entries())].filter(([, text]) => forms.some((f) => text.includes(f))).map(([where]) => where);

describe('secrets', () => {
  const failures: Record<string, string> = {};
  let applied = '';

  it('a reference is stored as written, resolved inside the activity, and the run succeeds', { timeout: 60_000 }, async () => {
    applied = await importOn('ok');
    const stored = await call('GET', `/imports/${applied}/environments/staging/config`, undefined, TEAM.lead);
    expect(stored.body.config.boardToken).toEqual({ $secret: SECRET });
    const result = (await (await startRun(ctx, applied)).result()) as ImportRunResult;
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: 2 } });
    // The records were fetched from URLs carrying the value: staged with it masked.
    const [record] = await ctx.database.sql<{ source_url: string }[]>`select source_url from run_records r join runs on runs.id = r.run_id where runs.import_id = ${applied} limit 1`;
    expect(record?.source_url).toBe(`${source.origin}/ok/v1/boards/***/jobs?content=true`);
  });

  it('runs failing on the value (HTTP error, parse error, redirect) fail with the error, the value masked', { timeout: 90_000 }, async () => {
    for (const prefix of ['e404', 'parse', 'redirect']) {
      const id = await importOn(prefix);
      const { cause } = await runFailure(ctx, id);
      failures[prefix] = `${cause.type}: ${cause.message}`;
    }
    expect(failures).toEqual({
      e404: `HttpStatus: HTTP 404 for ${source.origin}/e404/v1/boards/***/jobs?content=true`,
      parse: expect.stringMatching(/^InvalidDocument: .*did not return JSON.*board \*\*\* is closed/),
      redirect: `HttpStatus: HTTP 404 for ${source.origin}/moved/***/jobs`,
    });
    // The source really saw the value: the test plants it, the platform masks it.
    expect(source.sent.has(jobsPath('parse'))).toBe(true);
  });

  it('the value is absent from every table, API answer, log line, notification and workflow history', { timeout: 60_000 }, async () => {
    // Incidents and their notifications are written after the runs: wait for the three failures' webhook messages.
    const imports = (await ctx.database.sql<{ id: string }[]>`select distinct import_id as id from runs where status = 'failed'`).map((r) => r.id);
    await expect.poll(async () => (await Promise.all(imports.map((id) => incidentsOf(ctx, id)))).flat().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => webhook.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    for (const id of [applied, ...imports]) {
      const runs = await call('GET', `/imports/${id}/runs`, undefined, TEAM.lead);
      for (const run of items(runs.body)) await call('GET', `/runs/${run.id}`, undefined, TEAM.lead);
      await call('GET', `/imports/${id}/alerts`, undefined, TEAM.lead);
      await call('GET', `/audit?importId=${id}`, undefined, TEAM.ops);
    }
    const incidents = await call('GET', '/incidents', undefined, TEAM.ops);
    for (const incident of items(incidents.body)) await call('GET', `/incidents/${incident.id}`, undefined, TEAM.ops);

    const tables = await tablesAsText();
    expect(tables.get('run_records')).toContain('/v1/boards/***/jobs');
    expect(tables.get('alerts')).toContain('***');
    expect(leaks(tables)).toEqual([]);
    expect(answers.length).toBeGreaterThan(10);
    expect(leaks(answers)).toEqual([]);
    expect(logs.some((l) => l.includes('activity failed'))).toBe(true);
    expect(leaks(logs)).toEqual([]);
    const notifications = [...webhook.received.map((m) => JSON.stringify(m)), ...mail.messages.map((m) => m.raw.replace(/=\r?\n/g, ''))];
    expect(leaks(notifications)).toEqual([]);
    const histories = await historiesAsText();
    expect(histories.size).toBeGreaterThanOrEqual(4);
    expect([...histories.values()].some((h) => h.includes('/moved/***/jobs'))).toBe(true);
    expect(leaks(histories)).toEqual([]);
  });
});
