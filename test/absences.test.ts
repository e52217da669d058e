// Absence and hand-over: a member (or the lead) marks them away; assignment suggestions skip them; the lead reads
// one list of their open imports and reviews and hands each import over (a `reassign` decision); reminders
// addressed to someone away reach the lead.
//
// Every file shares one database and the TEAM members: the members this file marks away, assigns and hands
// work to are its own (unique handles, a skill nobody else has), so no other file's reminders, suggestions or
// workloads see them, and theirs do not change the ranking asserted here. Its absences are removed at the end.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleWorkflowId, reassignUpdate, REVIEW_PRACTICES, stateQuery } from '../contracts';
import { importConfigs } from '../db/schema';
import { TEAM, writeDossier, type TeamMember } from './support/api';
import { maybeRecordHistory } from './support/histories';
import { driveTo, notificationsOf, rejection, startLifecycle } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });

const suffix = randomUUID().slice(0, 8);
/** A skill only this file's developers have: imports configured with it as importer key rank them first. */
const SKILL = `away-${suffix}`;
/** This file's members: `away` is marked away and hands over to `taker`; `am` files the imports. */
const ME = {
  away: `dev.away-${suffix}`,
  taker: `dev.taker-${suffix}`,
  am: `am.away-${suffix}`,
} as unknown as Record<'away' | 'taker' | 'am', TeamMember>;
const absences: { member: string; id: number }[] = [];

beforeAll(async () => {
  const members = [
    { handle: ME.away, name: 'Ada Away', role: 'developer', skills: ['json', SKILL], weeklyCapacityDays: 7 },
    { handle: ME.taker, name: 'Theo Taker', role: 'developer', skills: ['json', SKILL], weeklyCapacityDays: 5 },
    { handle: ME.am, name: 'Amelie Away', role: 'account_manager', skills: [], weeklyCapacityDays: 5 },
  ];
  for (const m of members) {
    expect((await stack.api.call('POST', '/team/members', { ...m, email: `${m.handle}@liaison.example` }, TEAM.lead)).status).toBe(201);
    const key = await stack.api.call('POST', `/team/members/${m.handle}/keys`, { label: 'absences test' }, TEAM.lead);
    expect(key.status).toBe(201);
    (stack.api.keys as Record<string, string>)[m.handle] = key.body.key as string;
  }
});

afterAll(async () => {
  for (const { member, id } of absences) expect((await stack.api.call('DELETE', `/team/members/${member}/absences/${id}`, undefined, TEAM.lead)).status).toBe(200);
  for (const handle of Object.values(ME)) expect((await stack.api.call('DELETE', `/team/members/${handle}`, undefined, TEAM.lead)).status).toBe(200);
});

const call = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.call(method, path, body, as);
const ok = async (method: string, path: string, body: unknown, as: TeamMember, status = 200) => {
  const res = await call(method, path, body, as);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
};
/** Marks `member` away (asserted 201) and remembers the absence for the clean-up. */
const markAway = async (member: TeamMember, body: { from: string; to: string; reason?: string }, as: TeamMember) => {
  const absence = await ok('POST', `/team/members/${member}/absences`, body, as, 201);
  absences.push({ member, id: absence.id as number });
  return absence;
};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A JSON import filed by this file's account manager, configured with SKILL (so this file's developers rank first). */
async function fileImport(name: string) {
  const id = (await ok('POST', '/imports', { client: 'Acme', name, kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, ME.am, 201)).id as string;
  await stack.ctx.database.db.insert(importConfigs).values({ importId: id, environment: 'staging', importerKey: SKILL, config: {} });
  // The machine may be busy with other files: the lifecycle's first decision is given time to be written. When it
  // is not, the failure says what became of the workflow (a failed `recordDecision` shows here).
  try {
    await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 45_000 }).toBe(1);
  } catch (error) {
    const handle = stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id));
    const failures = ((await handle.fetchHistory()).events ?? []).flatMap((e) => e.activityTaskFailedEventAttributes?.failure?.message ?? e.workflowExecutionFailedEventAttributes?.failure?.message ?? []);
    throw new Error(`Import ${id}: no "requested" decision; its workflow is ${(await handle.describe()).status.name}, failures: ${JSON.stringify(failures)} (${String(error)})`);
  }
  return id;
}

describe('absence and hand-over', () => {
  it('marks a member away, skips them in suggestions, lists their work for the lead and hands each import over', { timeout: 120_000 }, async () => {
    // The developer marks herself away; another developer may not do it for her; the lead may.
    const absence = await markAway(ME.away, { from: day(0), to: day(3), reason: 'Holiday' }, ME.away);
    expect(absence).toMatchObject({ member: ME.away, from: day(0), to: day(3), reason: 'Holiday', createdBy: ME.away });
    expect((await call('POST', `/team/members/${ME.away}/absences`, { from: day(5), to: day(6) }, ME.taker)).status).toBe(403);
    const overlap = await call('POST', `/team/members/${ME.away}/absences`, { from: day(2), to: day(8) }, TEAM.lead);
    expect([overlap.status, overlap.body.error.code, overlap.body.error.message]).toEqual([409, 'absence_overlaps', `${ME.away} is already away from ${day(0)} to ${day(3)} (absence ${absence.id}): change that one (delete it and enter the whole period) instead`]);
    const backwards = await call('POST', `/team/members/${ME.away}/absences`, { from: day(9), to: day(8) }, TEAM.lead);
    expect([backwards.status, backwards.body.error.details.fields]).toEqual([400, [{ field: 'to', message: 'to must be on or after from' }]]);
    const later = await ok('POST', `/team/members/${ME.away}/absences`, { from: day(30), to: day(31) }, TEAM.lead, 201);
    expect((await ok('GET', `/team/members/${ME.away}/absences`, undefined, ME.taker)).items.map((a: any) => [a.from, a.to])).toEqual([[day(0), day(3)], [day(30), day(31)]]);
    expect(await ok('DELETE', `/team/members/${ME.away}/absences/${later.id}`, undefined, ME.away)).toMatchObject({ id: later.id });
    expect((await call('DELETE', `/team/members/${ME.away}/absences/${later.id}`, undefined, ME.away)).status).toBe(404);

    // An import needing json and SKILL: she would rank first (more free days than the taker), but she is away
    // today and listed as such; on a later day she is back, first.
    const id = await fileImport('Handed over');
    const suggested = await ok('GET', `/imports/${id}/assignment-suggestions`, undefined, TEAM.lead);
    expect(suggested.neededSkills).toEqual(['json', SKILL]);
    expect(suggested.suggestions[0].handle).toBe(ME.taker);
    expect(suggested.suggestions.map((s: any) => s.handle)).not.toContain(ME.away);
    expect(suggested.away.filter((a: any) => a.handle === ME.away)).toEqual([{ handle: ME.away, from: day(0), to: day(3), reason: `away from ${day(0)} to ${day(3)}` }]);
    const back = await ok('GET', `/imports/${id}/assignment-suggestions?on=${day(4)}`, undefined, TEAM.lead);
    expect(back.suggestions.slice(0, 2).map((s: any) => s.handle)).toEqual([ME.away, ME.taker]);
    expect(back.away.map((a: any) => a.handle)).not.toContain(ME.away);

    // Her import in development (assigned before she left), handed over by the lead to the suggested developer.
    await ok('POST', `/imports/${id}/estimate`, { days: 2 }, ME.taker);
    await ok('POST', `/imports/${id}/plan`, { priority: 2, wantedDate: '2027-02-01' }, TEAM.lead);
    await ok('POST', `/imports/${id}/assign`, { assignee: ME.away }, TEAM.lead);
    await ok('POST', `/imports/${id}/start-development`, {}, ME.away);
    const handOver = await ok('GET', `/team/members/${ME.away}/hand-over`, undefined, TEAM.lead);
    expect(handOver.away).toMatchObject({ from: day(0), to: day(3) });
    const item = handOver.imports.find((i: any) => i.id === id);
    expect(item).toMatchObject({
      stage: 'in_development',
      dossier: { link: `/imports/${id}/dossier`, version: 0 },
      suggested: { handle: ME.taker },
      handOver: { method: 'POST', path: `/imports/${id}/reassign`, body: { assignee: ME.taker, reason: `${ME.away} away until ${day(3)}` } },
    });
    expect((await call('GET', `/team/members/${ME.away}/hand-over`, undefined, ME.taker)).status).toBe(403);
    expect((await call('POST', `/imports/${id}/reassign`, item.handOver.body, ME.away)).status).toBe(403);
    const same = await call('POST', `/imports/${id}/reassign`, { assignee: ME.away, reason: 'x' }, TEAM.lead);
    expect([same.status, same.body.error.message]).toEqual([422, `assignee: ${ME.away} is already the assignee`]);
    const state = await ok('POST', item.handOver.path, item.handOver.body, TEAM.lead);
    expect([state.stage, state.assignee]).toEqual(['in_development', ME.taker]);
    const decisions = await ok('GET', `/imports/${id}/decisions`, undefined, TEAM.lead);
    expect(decisions.at(-1)).toMatchObject({ kind: 'reassign', actor: TEAM.lead, fromStage: 'in_development', toStage: 'in_development', comment: `${ME.away} away until ${day(3)}`, data: { assignee: ME.taker, previous: ME.away } });
    expect((await ok('GET', `/team/members/${ME.away}/hand-over`, undefined, TEAM.lead)).imports.map((i: any) => i.id)).not.toContain(id);
    // The new assignee carries on.
    expect((await ok('POST', `/imports/${id}/block`, { kind: 'technical', reason: 'Reading the dossier', waitingOn: TEAM.lead }, ME.taker)).blocker.by).toBe(ME.taker);
  });

  it("lists the reviews an away member started, with the revision's author and how far they got", { timeout: 120_000 }, async () => {
    const id = await fileImport('Review left open');
    await ok('POST', `/imports/${id}/estimate`, { days: 2 }, ME.taker);
    await ok('POST', `/imports/${id}/plan`, { priority: 3, wantedDate: '2027-03-01' }, TEAM.lead);
    await ok('POST', `/imports/${id}/assign`, { assignee: ME.away }, TEAM.lead);
    await ok('POST', `/imports/${id}/start-development`, {}, ME.away);
    await writeDossier(stack.api, id, ME.away);
    await ok('POST', `/imports/${id}/submit-review`, { version: 'v1', importerKey: 'greenhouse', config: { boardToken: 'acme', baseUrl: 'https://boards-api.greenhouse.io' } }, ME.away);
    await ok('PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: [{ practice: 'stable_external_ids', answer: 'ok' }, { practice: 'declared_encoding', answer: 'ok' }] }, ME.taker);
    await markAway(ME.taker, { from: day(10), to: day(12) }, TEAM.lead);
    const handOver = await ok('GET', `/team/members/${ME.taker}/hand-over`, undefined, ME.taker);
    expect(handOver.away).toBeNull();
    expect(handOver.reviews).toEqual([
      { importId: id, name: 'Review left open', clientName: 'Acme', revision: 1, author: ME.away, answered: 2, practices: REVIEW_PRACTICES.length, sheet: `/imports/${id}/review-sheet` },
    ]);
  });

  it('sends reminders addressed to someone away to the lead', async () => {
    await markAway(ME.am, { from: day(-1), to: day(1) }, TEAM.lead);
    const { row } = await startLifecycle(stack.ctx, { requestedBy: ME.am, reminders: { limits: { requested: '1 second' }, escalateAfter: '1 hour', lead: TEAM.lead } });
    await expect.poll(() => notificationsOf(stack.ctx, row.id), { timeout: 20_000, interval: 250 }).toHaveLength(1);
    const [reminder] = await notificationsOf(stack.ctx, row.id);
    expect(reminder).toEqual({
      stage: 'requested',
      recipient: TEAM.lead,
      kind: 'reminder',
      message: `For ${ME.am} (away until ${day(1)}): Import ${row.id}: stage "requested" has waited longer than its limit of 1 second; waiting for an estimate by a developer.`,
    });
    expect((await ok('GET', `/imports/${row.id}/notifications`, undefined, TEAM.lead))[0].redirectedFrom).toBe(ME.am);
  });

  it('reassigns in any stage with an assignee, restarting the reminders for the new one; a recorded history replays', async () => {
    const { handle } = await startLifecycle(stack.ctx, { reminders: { limits: { in_review: '4 seconds' }, escalateAfter: '1 hour', lead: 'lead.ines' } });
    await driveTo(handle, 'in_review');
    expect(await rejection(handle.executeUpdate(reassignUpdate, { args: [{ by: 'dev.ana', role: 'developer', assignee: 'dev.bob', reason: 'x' }] }))).toEqual({ type: 'RoleRefused', message: 'role: reassign is sent by "lead", not "developer"' });
    const state = await handle.executeUpdate(reassignUpdate, { args: [{ by: 'lead.ines', role: 'lead', assignee: 'dev.cyril', reason: 'dev.ana away until Monday' }] });
    expect([state.stage, state.assignee, state.history.at(-1)?.kind]).toEqual(['in_review', 'dev.cyril', 'reassign']);
    const importId = state.importId;
    await expect.poll(() => notificationsOf(stack.ctx, importId), { timeout: 20_000, interval: 250 }).toHaveLength(1);
    expect((await notificationsOf(stack.ctx, importId))[0]).toMatchObject({ stage: 'in_review', recipient: 'dev.cyril', kind: 'reminder' });
    expect((await stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(importId)).query(stateQuery)).reminders.sent).toEqual(['reminder']);
    await maybeRecordHistory(handle, 'import-lifecycle-reassigned');
  });
});
