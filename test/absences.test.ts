// Absence and hand-over: a member (or the lead) marks them away; assignment suggestions skip them; the lead reads
// one list of their open imports and reviews and hands each import over (a `reassign` decision); reminders
// addressed to someone away reach the lead.
import { describe, expect, it } from 'vitest';
import { lifecycleWorkflowId, reassignUpdate, REVIEW_PRACTICES, stateQuery } from '../contracts';
import { TEAM, writeDossier, type TeamMember } from './support/api';
import { maybeRecordHistory } from './support/histories';
import { driveTo, notificationsOf, rejection, startLifecycle } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });

const call = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.call(method, path, body, as);
const ok = async (method: string, path: string, body: unknown, as: TeamMember, status = 200) => {
  const res = await call(method, path, body, as);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('absence and hand-over', () => {
  it('marks a member away, skips them in suggestions, lists their work for the lead and hands each import over', async () => {
    // dev.alice marks herself away; another developer may not do it for her; the lead may.
    const absence = await ok('POST', `/team/members/${TEAM.developer}/absences`, { from: day(0), to: day(3), reason: 'Holiday' }, TEAM.developer, 201);
    expect(absence).toMatchObject({ member: TEAM.developer, from: day(0), to: day(3), reason: 'Holiday', createdBy: TEAM.developer });
    expect((await call('POST', `/team/members/${TEAM.developer}/absences`, { from: day(5), to: day(6) }, TEAM.reviewer)).status).toBe(403);
    const overlap = await call('POST', `/team/members/${TEAM.developer}/absences`, { from: day(2), to: day(8) }, TEAM.lead);
    expect([overlap.status, overlap.body.error.code, overlap.body.error.message]).toEqual([409, 'absence_overlaps', `${TEAM.developer} is already away from ${day(0)} to ${day(3)} (absence ${absence.id}): change that one (delete it and enter the whole period) instead`]);
    const backwards = await call('POST', `/team/members/${TEAM.developer}/absences`, { from: day(9), to: day(8) }, TEAM.lead);
    expect([backwards.status, backwards.body.error.details.fields]).toEqual([400, [{ field: 'to', message: 'to must be on or after from' }]]);
    const later = await ok('POST', `/team/members/${TEAM.developer}/absences`, { from: day(30), to: day(31) }, TEAM.lead, 201);
    expect((await ok('GET', `/team/members/${TEAM.developer}/absences`, undefined, TEAM.reviewer)).items.map((a: any) => [a.from, a.to])).toEqual([[day(0), day(3)], [day(30), day(31)]]);
    expect(await ok('DELETE', `/team/members/${TEAM.developer}/absences/${later.id}`, undefined, TEAM.developer)).toMatchObject({ id: later.id });
    expect((await call('DELETE', `/team/members/${TEAM.developer}/absences/${later.id}`, undefined, TEAM.developer)).status).toBe(404);

    // A JSON import: dev.alice would rank first by skills, but she is away today; on a later day she is back.
    const id = (await ok('POST', '/imports', { client: 'Acme', name: 'Handed over', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager, 201)).id as string;
    const suggested = await ok('GET', `/imports/${id}/assignment-suggestions`, undefined, TEAM.lead);
    expect(suggested.suggestions.map((s: any) => s.handle)).toEqual([TEAM.reviewer]);
    expect(suggested.away).toEqual([{ handle: TEAM.developer, from: day(0), to: day(3), reason: `away from ${day(0)} to ${day(3)}` }]);
    expect((await ok('GET', `/imports/${id}/assignment-suggestions?on=${day(4)}`, undefined, TEAM.lead)).suggestions[0].handle).toBe(TEAM.developer);

    // Her import in development (assigned before she left), handed over by the lead to the suggested developer.
    await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);
    await ok('POST', `/imports/${id}/estimate`, { days: 2 }, TEAM.reviewer);
    await ok('POST', `/imports/${id}/plan`, { priority: 2, wantedDate: '2027-02-01' }, TEAM.lead);
    await ok('POST', `/imports/${id}/assign`, { assignee: TEAM.developer }, TEAM.lead);
    await ok('POST', `/imports/${id}/start-development`, {}, TEAM.developer);
    const handOver = await ok('GET', `/team/members/${TEAM.developer}/hand-over`, undefined, TEAM.lead);
    expect(handOver.away).toMatchObject({ from: day(0), to: day(3) });
    const item = handOver.imports.find((i: any) => i.id === id);
    expect(item).toMatchObject({
      stage: 'in_development',
      dossier: { link: `/imports/${id}/dossier`, version: 0 },
      suggested: { handle: TEAM.reviewer },
      handOver: { method: 'POST', path: `/imports/${id}/reassign`, body: { assignee: TEAM.reviewer, reason: `${TEAM.developer} away until ${day(3)}` } },
    });
    expect((await call('GET', `/team/members/${TEAM.developer}/hand-over`, undefined, TEAM.reviewer)).status).toBe(403);
    expect((await call('POST', `/imports/${id}/reassign`, item.handOver.body, TEAM.developer)).status).toBe(403);
    const same = await call('POST', `/imports/${id}/reassign`, { assignee: TEAM.developer, reason: 'x' }, TEAM.lead);
    expect([same.status, same.body.error.message]).toEqual([422, `assignee: ${TEAM.developer} is already the assignee`]);
    const state = await ok('POST', item.handOver.path, item.handOver.body, TEAM.lead);
    expect([state.stage, state.assignee]).toEqual(['in_development', TEAM.reviewer]);
    const decisions = await ok('GET', `/imports/${id}/decisions`, undefined, TEAM.lead);
    expect(decisions.at(-1)).toMatchObject({ kind: 'reassign', actor: TEAM.lead, fromStage: 'in_development', toStage: 'in_development', comment: `${TEAM.developer} away until ${day(3)}`, data: { assignee: TEAM.reviewer, previous: TEAM.developer } });
    expect((await ok('GET', `/team/members/${TEAM.developer}/hand-over`, undefined, TEAM.lead)).imports.map((i: any) => i.id)).not.toContain(id);
    // The new assignee carries on.
    expect((await ok('POST', `/imports/${id}/block`, { kind: 'technical', reason: 'Reading the dossier', waitingOn: TEAM.lead }, TEAM.reviewer)).blocker.by).toBe(TEAM.reviewer);
  });

  it("lists the reviews an away member started, with the revision's author and how far they got", async () => {
    const id = (await ok('POST', '/imports', { client: 'Acme', name: 'Review left open', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager, 201)).id as string;
    await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);
    await ok('POST', `/imports/${id}/estimate`, { days: 2 }, TEAM.reviewer);
    await ok('POST', `/imports/${id}/plan`, { priority: 3, wantedDate: '2027-03-01' }, TEAM.lead);
    await ok('POST', `/imports/${id}/assign`, { assignee: TEAM.developer }, TEAM.lead);
    await ok('POST', `/imports/${id}/start-development`, {}, TEAM.developer);
    await writeDossier(stack.api, id, TEAM.developer);
    await ok('POST', `/imports/${id}/submit-review`, { version: 'v1', importerKey: 'greenhouse', config: { boardToken: 'acme', baseUrl: 'https://boards-api.greenhouse.io' } }, TEAM.developer);
    await ok('PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: [{ practice: 'stable_external_ids', answer: 'ok' }, { practice: 'declared_encoding', answer: 'ok' }] }, TEAM.reviewer);
    await ok('POST', `/team/members/${TEAM.reviewer}/absences`, { from: day(10), to: day(12) }, TEAM.lead, 201);
    const handOver = await ok('GET', `/team/members/${TEAM.reviewer}/hand-over`, undefined, TEAM.reviewer);
    expect(handOver.away).toBeNull();
    expect(handOver.reviews.filter((r: any) => r.importId === id)).toEqual([
      { importId: id, name: 'Review left open', clientName: 'Acme', revision: 1, author: TEAM.developer, answered: 2, practices: REVIEW_PRACTICES.length, sheet: `/imports/${id}/review-sheet` },
    ]);
  });

  it('sends reminders addressed to someone away to the lead', async () => {
    await ok('POST', `/team/members/${TEAM.accountManager}/absences`, { from: day(-1), to: day(1) }, TEAM.lead, 201);
    const { row } = await startLifecycle(stack.ctx, { reminders: { limits: { requested: '1 second' }, escalateAfter: '1 hour', lead: TEAM.lead } });
    await expect.poll(() => notificationsOf(stack.ctx, row.id), { timeout: 20_000, interval: 250 }).toHaveLength(1);
    const [reminder] = await notificationsOf(stack.ctx, row.id);
    expect(reminder).toEqual({
      stage: 'requested',
      recipient: TEAM.lead,
      kind: 'reminder',
      message: `For ${TEAM.accountManager} (away until ${day(1)}): Import ${row.id}: stage "requested" has waited longer than its limit of 1 second; waiting for an estimate by a developer.`,
    });
    expect((await ok('GET', `/imports/${row.id}/notifications`, undefined, TEAM.lead))[0].redirectedFrom).toBe(TEAM.accountManager);
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
