// Incidents end to end on the real stack: fixture client sites that start failing, the real worker with the health
// workflow, notifications to a local webhook and a local SMTP server, acknowledgement and resolution over the API.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthStateQuery, healthWorkflowId } from '../contracts';
import { clients, imports } from '../db/schema';
import { startClientSites, type ClientSites } from '../demo/sites/server';
import { startApi, TEAM, type TestApi } from './support/api';
import { maybeRecordHistory } from './support/histories';
import { incidentsOf, messagesAbout, notificationsOf, startIncidentWorker } from './support/incidents';
import { startMailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from './support/receivers';
import { configuredImport, runFailure, runToEnd, startRun } from './support/runs';
import { connectTestStack, type TestContext } from './support/stack';

let ctx: TestContext;
let worker: Awaited<ReturnType<typeof startIncidentWorker>>;
let api: TestApi;
let webhook: WebhookReceiver;
let mail: MailReceiver;
let failing: ClientSites;
let changing: ClientSites;

/** Long enough for the first test to acknowledge in time, short enough to watch an escalation happen. */
const ESCALATE_AFTER_MS = 15_000;

beforeAll(async () => {
  ctx = await connectTestStack();
  [webhook, mail, failing, changing] = await Promise.all([startWebhookReceiver(), startMailReceiver(), startClientSites(), startClientSites()]);
  worker = await startIncidentWorker(ctx, { webhook, mail, escalateAfterMs: ESCALATE_AFTER_MS });
  api = await startApi(ctx);
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await Promise.all([webhook?.close(), mail?.close(), failing?.close(), changing?.close()]);
  await ctx?.close();
});

async function clientOf(importId: string): Promise<string> {
  const [row] = await ctx.database.db.select({ name: clients.name }).from(imports).innerJoin(clients, eq(clients.id, imports.clientId)).where(eq(imports.id, importId));
  return row!.name;
}

const acmeOn = (sites: ClientSites) => configuredImport(ctx, { importerKey: 'demo-careers', config: { ...sites.sites.acme.importerConfig() } });

describe('incidents', () => {
  it(
    'a failing site opens one incident through the webhook whatever the retries and runs; acknowledged it is not escalated, unacknowledged it is; a good run resolves it',
    { timeout: 240_000 },
    async () => {
      const site = failing.sites.acme;
      const x = await acmeOn(failing);
      const xClient = await clientOf(x.id);
      expect((await runToEnd(ctx, x.id)).outcome).toBe('applied');

      // Run A meets a 503 (retryable): its extraction is retried. Once it waits for its second attempt, the site
      // answers 404 (permanent), and run B fails at once. Two failed runs, one of them retried: one incident.
      webhook.failNext(1);
      site.setFault({ kind: 'status', status: 503 });
      const runA = await startRun(ctx, x.id);
      await expect
        .poll(async () => (await runA.describe()).raw.pendingActivities?.[0]?.attempt ?? 0, { timeout: 30_000, interval: 200 })
        .toBeGreaterThanOrEqual(2);
      site.setFault({ kind: 'status', status: 404 });
      const { cause } = await runFailure(ctx, x.id);
      expect(cause.type).toBe('HttpStatus');

      await expect.poll(async () => (await incidentsOf(ctx, x.id)).length, { timeout: 30_000 }).toBe(1);
      const [opened] = await incidentsOf(ctx, x.id);
      expect(opened).toMatchObject({ kind: 'fetch_failed', environment: 'production', status: 'open' });
      // `by` left out: filled from the key, as for every lifecycle decision.
      const ack = await api.call('POST', `/incidents/${opened!.id}/acknowledge`, { comment: 'Le client migre son site' }, TEAM.ops);
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ id: opened!.id, status: 'acknowledged', acknowledgedBy: TEAM.ops });

      // Y: a layout change, opened after X and never acknowledged.
      const y = await acmeOn(changing);
      const yClient = await clientOf(y.id);
      expect((await runToEnd(ctx, y.id)).outcome).toBe('applied');
      changing.sites.acme.setFault({ kind: 'changed-layout' });
      expect((await runFailure(ctx, y.id)).cause.type).toBe('LayoutChanged');
      await expect.poll(async () => (await incidentsOf(ctx, y.id)).length, { timeout: 30_000 }).toBe(1);
      const [yIncident] = await incidentsOf(ctx, y.id);
      expect(yIncident!.kind).toBe('site_changed');
      expect(yIncident!.firstSeenAt.getTime()).toBeGreaterThanOrEqual(opened!.firstSeenAt.getTime());

      // Run A ends (its second attempt meets the 404): it adds to the incident, it does not open another.
      await expect(runA.result()).rejects.toThrow();
      await expect.poll(async () => (await incidentsOf(ctx, x.id))[0]!.count, { timeout: 30_000 }).toBe(2);

      // Y escalates; X, opened earlier but acknowledged, does not.
      await expect.poll(() => messagesAbout(webhook, yClient).filter((t) => t.includes('ESCALATED')).length, { timeout: 90_000, interval: 500 }).toBe(1);
      const [xNow] = await incidentsOf(ctx, x.id);
      expect(xNow!.escalatedAt).toBeNull();
      expect((await incidentsOf(ctx, y.id))[0]!.escalatedAt).not.toBeNull();

      const aboutX = messagesAbout(webhook, xClient);
      expect(aboutX.filter((t) => t.includes('Incident opened'))).toHaveLength(1);
      expect(aboutX.some((t) => t.includes('ESCALATED'))).toBe(false);
      // The first delivery was refused (500) and retried by the activity: more attempts than messages received.
      expect(webhook.attempts).toBeGreaterThan(webhook.received.length);
      expect(await notificationsOf(ctx, opened!.id)).toEqual(['opened/webhook/sent', 'opened/email/sent', 'acknowledged/webhook/sent', 'acknowledged/email/sent']);
      const email = mail.messages.find((m) => m.raw.includes(xClient) && /Subject: \[Liaison\] Incident opened: fetch_failed/.test(m.raw));
      expect(email?.to).toEqual(['ops@test.example']);

      // Recovery: the site answers again, a run applies, the incident resolves itself and says so once.
      site.setFault(null);
      expect((await runToEnd(ctx, x.id)).outcome).toBe('applied');
      await expect.poll(async () => (await incidentsOf(ctx, x.id))[0]!.status, { timeout: 30_000 }).toBe('resolved');
      await expect.poll(() => messagesAbout(webhook, xClient).filter((t) => t.includes('Incident resolved')).length, { timeout: 30_000 }).toBe(1);
      expect((await incidentsOf(ctx, x.id))[0]!.resolvedBy).toBe('recovery');

      const health = ctx.env.client.workflow.getHandle(healthWorkflowId(x.id, 'production'));
      const state = await health.query(healthStateQuery);
      expect(state).toMatchObject({ consecutiveFailures: 0, open: [] });
      await maybeRecordHistory(health, 'import-health-failed-acknowledged-recovered');
      await maybeRecordHistory(ctx.env.client.workflow.getHandle(healthWorkflowId(y.id, 'production')), 'import-health-escalated');
      await maybeRecordHistory(runA, 'import-run-failed-reported');
    },
  );

  it('a layout change opens an incident with the context to fix it: the selector that stopped matching, the page, the links', async () => {
    const y = (await ctx.database.db.select().from(imports).orderBy(imports.createdAt)).at(-1)!;
    const [incident] = await incidentsOf(ctx, y.id);
    const res = await api.call('GET', `/incidents/${incident!.id}`, undefined, TEAM.developer);
    expect(res.status).toBe(200);
    const { context } = res.body;
    expect(res.body).toMatchObject({ kind: 'site_changed', status: 'open', count: 1, client: await clientOf(y.id) });
    expect(context.brokenSelectors).toEqual([expect.objectContaining({ selector: 'section.liste-offres article.offre' })]);
    expect(context.error).toMatchObject({ type: 'LayoutChanged', url: `${changing.sites.acme.url}/emplois` });
    expect(typeof context.error.stack === 'string' || context.error.stack === null).toBe(true);
    expect(context.excerpt.text).toMatch(/<html/i);
    expect(context.pages).toEqual(expect.arrayContaining([{ url: `${changing.sites.acme.url}/emplois`, status: 200 }]));
    expect(context.import).toMatchObject({ id: y.id, name: 'Career site' });
    expect(context.links.temporalUi).toMatch(/^http:\/\/localhost:8233\/namespaces\/.+\/workflows\/import-run%3A/);
    expect(context.links.api).toBe(`http://127.0.0.1:3000/runs/${context.run.id}`);
    expect(res.body.events.map((e: { event: string }) => e.event)).toEqual(['opened', 'escalated']);
    expect(res.body.notifications.map((n: { event: string; channel: string }) => `${n.event}/${n.channel}`)).toEqual(['opened/webhook', 'opened/email', 'escalated/webhook', 'escalated/email']);
    const message = messagesAbout(webhook, await clientOf(y.id)).find((t) => t.includes('Incident opened'));
    expect(message).toContain('Selector no longer matching: section.liste-offres article.offre');
  });

  it('lists, filters and resolves incidents over the API; refuses what does not fit; a muted import is not notified', { timeout: 120_000 }, async () => {
    const y = (await ctx.database.db.select().from(imports).orderBy(imports.createdAt)).at(-1)!;
    const yClient = await clientOf(y.id);
    const listed = await api.call('GET', `/incidents?importId=${y.id}&kind=site_changed&status=open&limit=10`, undefined, TEAM.ops);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ total: 1, limit: 10, offset: 0 });
    const id = listed.body.items[0].id as number;
    expect(listed.body.items[0].context).toBeUndefined();
    expect((await api.call('GET', `/incidents?importId=${y.id}&kind=volume_drop`, undefined, TEAM.ops)).body.total).toBe(0);

    const bad = await api.call('GET', '/incidents?kind=nope', undefined, TEAM.ops);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/kind/);
    expect((await api.call('GET', '/incidents/abc', undefined, TEAM.ops)).status).toBe(400);
    expect((await api.call('GET', '/incidents/999999', undefined, TEAM.ops)).status).toBe(404);
    expect((await api.call('POST', `/incidents/${id}/resolve`, { comment: 1 }, TEAM.ops)).status).toBe(400);
    const impostor = await api.call('POST', `/incidents/${id}/resolve`, { by: TEAM.lead }, TEAM.ops);
    expect([impostor.status, impostor.body.error.code]).toEqual([403, 'actor_mismatch']);

    // By hand, a resolution says what caused it and what fixed it: kept in the dossier for the next one.
    const bare = await api.call('POST', `/incidents/${id}/resolve`, { by: TEAM.ops, comment: 'Sélecteurs mis à jour' }, TEAM.ops);
    expect([bare.status, bare.body.error.code, bare.body.error.details.fields.map((f: any) => f.field)]).toEqual([422, 'cause_and_fix_required', ['cause', 'fix']]);
    expect((await api.call('POST', `/incidents/${id}/resolve`, { by: TEAM.ops, cause: 'La liste a changé de balise' }, TEAM.ops)).body.error.details.fields).toEqual([{ field: 'fix', message: 'required to resolve by hand' }]);
    const resolved = await api.call('POST', `/incidents/${id}/resolve`, { by: TEAM.ops, cause: 'La liste des offres a changé de balise', fix: 'Sélecteurs mis à jour' }, TEAM.ops);
    expect(resolved.status).toBe(200);
    const dossier = (await api.call('GET', `/imports/${y.id}/dossier`, undefined, TEAM.developer)).body;
    expect(dossier.incidentLog).toEqual([{ incidentId: id, kind: 'site_changed', cause: 'La liste des offres a changé de balise', fix: 'Sélecteurs mis à jour', by: TEAM.ops, at: expect.any(String) }]);
    // The log entry lost after the resolution (say the API crashed in between): sending it again writes it; anyone else is told it is resolved.
    await ctx.database.sql`delete from dossier_incident_log where incident_id = ${id}`;
    expect((await api.call('POST', `/incidents/${id}/resolve`, { cause: 'x', fix: 'y' }, TEAM.lead)).status).toBe(409);
    expect((await api.call('POST', `/incidents/${id}/resolve`, { cause: 'La liste des offres a changé de balise', fix: 'Sélecteurs mis à jour' }, TEAM.ops)).status).toBe(200);
    expect((await api.call('GET', `/imports/${y.id}/dossier`, undefined, TEAM.developer)).body.incidentLog).toEqual([{ ...dossier.incidentLog[0], at: expect.any(String) }]);
    const written = await api.call('PUT', `/imports/${y.id}/dossier`, {
      baseVersion: 0,
      context: 'Site carrière maison',
      sources: 'none',
      contacts: 'AM: am.claire',
      unusualPoints: ['site down Sundays 02:00–04:00 UTC'],
      runBook: { site_changed: 'The client redesigns twice a year: compare the excerpt with the selectors, then start a maintenance.' },
    }, TEAM.accountManager);
    expect(written.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: TEAM.ops });
    const again = await api.call('POST', `/incidents/${id}/acknowledge`, { by: TEAM.ops }, TEAM.ops);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('wrong_state');

    // Muted: the next failure opens an incident, recorded as muted, and nothing is sent.
    const past = await api.call('POST', `/imports/${y.id}/mute`, { until: '2020-01-01T00:00:00Z', by: TEAM.ops }, TEAM.ops);
    expect(past.status).toBe(422);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const muted = await api.call('POST', `/imports/${y.id}/mute`, { until, by: TEAM.ops, reason: 'Refonte du site en cours' }, TEAM.ops);
    expect(muted.status).toBe(200);
    const before = messagesAbout(webhook, yClient).length;
    expect((await runFailure(ctx, y.id)).cause.type).toBe('LayoutChanged');
    await expect.poll(async () => (await incidentsOf(ctx, y.id)).filter((i) => i.status === 'open').length, { timeout: 30_000 }).toBe(1);
    const reopened = (await incidentsOf(ctx, y.id)).find((i) => i.status === 'open')!;
    await expect.poll(() => notificationsOf(ctx, reopened.id), { timeout: 30_000 }).toEqual(['opened/webhook/muted', 'opened/email/muted']);
    expect(messagesAbout(webhook, yClient)).toHaveLength(before);

    // The next incident of the same kind on the same import: the dossier's points, run book and last resolution.
    const next = (await api.call('GET', `/incidents/${reopened.id}`, undefined, TEAM.reviewer)).body;
    const day = new Date().toISOString().slice(0, 10);
    expect(next.dossier).toEqual({
      version: 1,
      unusualPoints: ['site down Sundays 02:00–04:00 UTC'],
      runBook: [{ key: 'site_changed', text: 'The client redesigns twice a year: compare the excerpt with the selectors, then start a maintenance.' }],
      lastTime: { incidentId: id, cause: 'La liste des offres a changé de balise', fix: 'Sélecteurs mis à jour', by: TEAM.ops, at: expect.any(String), line: `last time: La liste des offres a changé de balise → Sélecteurs mis à jour (${TEAM.ops}, ${day})` },
      link: `/imports/${y.id}/dossier`,
    });
    // The context the alert was built from carries the same (what the webhook and e-mail show).
    expect(next.context.dossier.lastTime.line).toBe(next.dossier.lastTime.line);
  });
});
