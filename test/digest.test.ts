// The account managers' daily digest: its Temporal Schedule triggered for real, the `dailyDigest` workflow on
// the real worker, the digest read back through the API.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDigestSchedule } from '../activities/digest/digest-schedule';
import { digests, dossierVersions, importBlockers, importPlans, importQuestions, incidents } from '../db/schema';
import { TEAM } from './support/api';
import { maybeRecordHistory } from './support/histories';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });
const suffix = Date.now().toString(36);
const am = `am.digest-${suffix}`;
const scheduleId = `daily-digest-test-${suffix}`;

afterAll(async () => {
  await stack.ctx.env.client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
});

async function importOf(stage: string, wantedDate: string | null, name: string) {
  const row = await insertImport(stack.ctx, { requestedBy: am, stage: stage as never, name });
  if (wantedDate) await stack.ctx.database.db.insert(importPlans).values({ importId: row.id, wantedDate, plannedBy: TEAM.lead, assignee: TEAM.developer });
  return row;
}

/** Triggers the schedule and waits for the workflow it started (the newest action) to complete. */
async function triggerAndWait(before: number) {
  const schedule = stack.ctx.env.client.schedule.getHandle(scheduleId);
  await schedule.trigger();
  let workflowId = '';
  await expect
    .poll(async () => {
      const actions = (await schedule.describe()).info.recentActions;
      workflowId = actions.at(-1)?.action.workflow.workflowId ?? '';
      return actions.length;
    }, { timeout: 20_000 })
    .toBe(before + 1);
  const handle = stack.ctx.env.client.workflow.getHandle(workflowId);
  return { handle, result: (await handle.result()) as { day: string; written: number; members: string[] } };
}

describe('the daily digest', () => {
  it("writes each account manager's digest from a Temporal Schedule, once per day, readable through the API", async () => {
    const created = await stack.api.call('POST', '/team/members', { handle: am, name: 'Camille Digest', email: 'camille@liaison.example', role: 'account_manager' }, TEAM.lead);
    expect(created.status).toBe(201);
    const key = (await stack.api.call('POST', `/team/members/${am}/keys`, {}, TEAM.lead)).body.key as string;

    const late = await importOf('in_development', '2020-01-15', 'En retard');
    const waiting = await importOf('client_validation', '2999-01-01', 'À valider');
    await importOf('live', '2020-01-01', 'En ligne');
    await importOf('cancelled', '2020-01-01', 'Annulé');
    const [question] = await stack.ctx.database.db
      .insert(importQuestions)
      .values({ importId: late.id, askedBy: TEAM.developer, askedRole: 'developer', addressedTo: am, text: 'Quel champ pour la ville ?' })
      .returning();
    const [incident] = await stack.ctx.database.db
      .insert(incidents)
      .values({ importId: waiting.id, environment: 'staging', kind: 'fetch_failed', summary: 'HTTP 503', context: { failingChecks: [{ check: 'http_errors', message: '3 pages answered 503' }] }, workflowId: `import-health:${waiting.id}` })
      .returning();
    await stack.ctx.database.db.insert(dossierVersions).values({
      importId: waiting.id,
      version: 1,
      author: TEAM.developer,
      authorRole: 'developer',
      sections: { context: 'x', sources: 'x', contacts: 'x', unusualPoints: ['site down Sundays 02:00–04:00 UTC'], runBook: { http_errors: 'A 503 on Sunday night is the maintenance window: wait.', count_drop: 'not this one' } },
    });

    // Blocks: on their client (listed), on them for someone else's import (listed), technical on ops and resolved ones (not).
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const elsewhere = await insertImport(stack.ctx, { requestedBy: TEAM.accountManager, stage: 'planned', name: 'Ailleurs' });
    await stack.ctx.database.db.insert(importBlockers).values([
      { importId: late.id, kind: 'client_information', reason: 'Which offers are internal only?', waitingOn: 'client: Acme HR', blockedBy: TEAM.developer, blockedAt: twoDaysAgo },
      { importId: elsewhere.id, kind: 'account_management', reason: 'Contract renewal', waitingOn: am, blockedBy: TEAM.lead, blockedAt: new Date() },
      { importId: waiting.id, kind: 'technical', reason: 'IP allow-list', waitingOn: TEAM.ops, blockedBy: TEAM.developer, blockedAt: new Date() },
      { importId: waiting.id, kind: 'client_information', reason: 'Old question', waitingOn: 'client: Acme HR', blockedBy: TEAM.developer, blockedAt: twoDaysAgo, resolvedAt: new Date(), resolvedBy: am, resolution: 'Answered' },
    ]);

    expect(await ensureDigestSchedule(stack.ctx.env.client, { taskQueue: stack.ctx.taskQueue, scheduleId })).toEqual({ scheduleId, created: true });
    expect(await ensureDigestSchedule(stack.ctx.env.client, { taskQueue: stack.ctx.taskQueue, scheduleId })).toEqual({ scheduleId, created: false });

    const first = await triggerAndWait(0);
    expect(first.result.members).toContain(am);
    expect(first.result.members).toContain(TEAM.accountManager);
    const day = first.result.day;
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const latest = await fetch(`${stack.api.base}/digests/latest`, { headers: { authorization: `Bearer ${key}` } });
    expect(latest.status).toBe(200);
    const digest = (await latest.json()) as any;
    expect(digest).toMatchObject({ member: am, day, key: `${am}/${day}` });
    const summary = (i: any) => [i.name, i.stage];
    expect(digest.content.byStage).toEqual({ in_development: 1, client_validation: 1, live: 1 });
    expect(digest.content.overdue.map(summary)).toEqual([['En retard', 'in_development']]);
    expect(digest.content.waitingOnYou.imports.map(summary)).toEqual([['À valider', 'client_validation']]);
    expect(digest.content.waitingOnYou.questions).toEqual([{ importId: late.id, id: question!.id, askedBy: TEAM.developer, text: 'Quel champ pour la ville ?' }]);
    expect(digest.content.waitingOnYou.imports[0].dossier).toBe(`/imports/${waiting.id}/dossier`);
    expect(digest.content.waitingOnYou.blocked).toEqual([
      {
        importId: late.id,
        name: 'En retard',
        clientName: expect.any(String),
        stage: 'in_development',
        kind: 'client_information',
        reason: 'Which offers are internal only?',
        waitingOn: 'client: Acme HR',
        blockedBy: TEAM.developer,
        since: twoDaysAgo.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        days: 2,
        unusualPoints: [],
        dossier: `/imports/${late.id}/dossier`,
      },
      expect.objectContaining({ importId: elsewhere.id, kind: 'account_management', waitingOn: am, days: 0 }),
    ]);
    expect(digest.content.openIncidents).toEqual([
      {
        id: incident!.id,
        importId: waiting.id,
        kind: 'fetch_failed',
        status: 'open',
        environment: 'staging',
        unusualPoints: ['site down Sundays 02:00–04:00 UTC'],
        runBook: [{ key: 'http_errors', text: 'A 503 on Sunday night is the maintenance window: wait.' }],
        lastTime: null,
        dossier: `/imports/${waiting.id}/dossier`,
      },
    ]);

    // Once answered, the question leaves the next digest of the day, which replaces the first one.
    await stack.ctx.database.db.update(importQuestions).set({ answer: 'city', answeredBy: am, answeredAt: new Date() }).where(eq(importQuestions.id, question!.id));
    const second = await triggerAndWait(1);
    expect(second.result.day).toBe(day);
    const rows = await stack.ctx.database.db.select().from(digests).where(eq(digests.member, am));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.content.waitingOnYou.questions).toEqual([]);

    const listed = await stack.api.call('GET', `/digests?member=${am}&day=${day}`, undefined, TEAM.lead);
    expect(listed.body.items.map((d: any) => d.key)).toEqual([`${am}/${day}`]);
    expect((await stack.api.call('GET', '/digests/latest', undefined, TEAM.developer)).status).toBe(404);
    expect((await stack.api.call('GET', `/digests?day=tomorrow&x=${randomUUID()}`, undefined, TEAM.lead)).body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['day', 'x']);
    await maybeRecordHistory(second.handle, 'daily-digest');
  });
});
