// Blockers: block and unblock decisions in the lifecycle (by the assignee, a lead or an account manager), shown on
// the planning board and in /metrics; while blocked, the stage's reminders go to whoever is waited on.
import { describe, expect, it } from 'vitest';
import { blockUpdate, stateQuery, unblockUpdate, lifecycleWorkflowId } from '../contracts';
import { TEAM, type TeamMember } from './support/api';
import { maybeRecordHistory } from './support/histories';
import { notificationsOf, rejection, startLifecycle } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });

const call = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.call(method, path, body, as);
const ok = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.ok(method, path, body, as);
const metric = async (name: string) => {
  const res = await fetch(`${stack.api.base}/metrics`, { headers: { authorization: `Bearer ${stack.api.keys[TEAM.ops]}` } });
  return (await res.text()).split('\n').find((l) => l.startsWith(name)) ?? null;
};

describe('blockers', () => {
  it('are decided by the assignee, a lead or an account manager, refused to others, and shown on the board and in /metrics', async () => {
    const id = (await ok('POST', '/imports', { client: 'Acme', name: 'Blocked on the client', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager)).id as string;
    await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);
    await ok('POST', `/imports/${id}/estimate`, { days: 3 }, TEAM.developer);
    await ok('POST', `/imports/${id}/plan`, { priority: 2, wantedDate: '2027-02-01' }, TEAM.lead);
    await ok('POST', `/imports/${id}/assign`, { assignee: TEAM.developer }, TEAM.lead);
    await ok('POST', `/imports/${id}/start-development`, {}, TEAM.developer);

    // The assignee blocks on the client; the account manager unblocks with what resolved it.
    const blocked = await ok('POST', `/imports/${id}/block`, { kind: 'client_information', reason: 'Which offers are internal only?', waitingOn: 'client: Acme HR' }, TEAM.developer);
    expect([blocked.stage, blocked.blocker]).toEqual(['in_development', { kind: 'client_information', reason: 'Which offers are internal only?', waitingOn: 'client: Acme HR', by: TEAM.developer, at: expect.any(String) }]);
    const twice = await call('POST', `/imports/${id}/block`, { kind: 'technical', reason: 'x', waitingOn: TEAM.ops }, TEAM.lead);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'wrong_stage']);
    expect((await call('POST', `/imports/${id}/unblock`, { resolution: 'x' }, TEAM.ops)).status).toBe(403);
    const notAssignee = await call('POST', `/imports/${id}/unblock`, { resolution: 'x' }, TEAM.reviewer);
    expect([notAssignee.status, notAssignee.body.error.message]).toEqual([422, 'dev.bruno is not the assignee (dev.alice): a lead or the account manager unblocks it']);
    expect((await call('POST', `/imports/${id}/block`, { kind: 'weather', reason: 'x', waitingOn: 'x' }, TEAM.lead)).status).toBe(400);

    const board = await ok('GET', '/planning/board', undefined, TEAM.lead);
    const card = board.columns.find((c: any) => c.stage === 'in_development').imports.find((i: any) => i.id === id);
    expect(card.blocked).toEqual({ kind: 'client_information', reason: 'Which offers are internal only?', waitingOn: 'client: Acme HR', by: TEAM.developer, since: expect.any(String), days: 0 });
    expect(Number((await metric('liaison_blocked_imports{kind="client_information"}'))!.split(' ')[1])).toBeGreaterThanOrEqual(1);

    const unblocked = await ok('POST', `/imports/${id}/unblock`, { resolution: 'The client listed the internal offers' }, TEAM.accountManager);
    expect(unblocked.blocker).toBeNull();
    const afterBoard = await ok('GET', '/planning/board', undefined, TEAM.lead);
    expect(afterBoard.columns.find((c: any) => c.stage === 'in_development').imports.find((i: any) => i.id === id).blocked).toBeNull();

    // A lead, then an account manager, block and unblock too.
    await ok('POST', `/imports/${id}/block`, { kind: 'internal_project', reason: 'Needs the new job-type mapping', waitingOn: TEAM.lead }, TEAM.lead);
    await ok('POST', `/imports/${id}/unblock`, { resolution: 'Mapping shipped' }, TEAM.lead);
    await ok('POST', `/imports/${id}/block`, { kind: 'account_management', reason: 'Contract renewal pending', waitingOn: TEAM.accountManager }, TEAM.accountManager);
    await ok('POST', `/imports/${id}/unblock`, { resolution: 'Renewed' }, TEAM.developer);
    const decisions = (await ok('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).map((d: any) => [d.kind, d.actor, d.fromStage, d.toStage, d.comment]);
    expect(decisions.slice(5)).toEqual([
      ['block', TEAM.developer, 'in_development', 'in_development', 'Which offers are internal only?'],
      ['unblock', TEAM.accountManager, 'in_development', 'in_development', 'The client listed the internal offers'],
      ['block', TEAM.lead, 'in_development', 'in_development', 'Needs the new job-type mapping'],
      ['unblock', TEAM.lead, 'in_development', 'in_development', 'Mapping shipped'],
      ['block', TEAM.accountManager, 'in_development', 'in_development', 'Contract renewal pending'],
      ['unblock', TEAM.developer, 'in_development', 'in_development', 'Renewed'],
    ]);

    // Around the API, the workflow applies the same roles.
    const handle = stack.ctx.env.client.workflow.getHandle(lifecycleWorkflowId(id));
    expect(await rejection(handle.executeUpdate(blockUpdate, { args: [{ by: TEAM.ops, role: 'ops', kind: 'technical', reason: 'x', waitingOn: TEAM.ops }] }))).toEqual({
      type: 'RoleRefused',
      message: 'role: block is sent by "developer" or "lead" or "account_manager", not "ops"',
    });
  });

  it('sends the reminders of a blocked stage to whoever is waited on, counting from the block; a recorded history replays', async () => {
    const { row, handle } = await startLifecycle(stack.ctx, { reminders: { limits: { requested: '2 seconds' }, escalateAfter: '2 seconds', lead: 'lead.ines' } });
    await handle.executeUpdate(blockUpdate, { args: [{ by: 'lead.ines', role: 'lead', kind: 'technical', reason: 'The feed needs our IP allow-listed', waitingOn: 'ops.marc' }] });
    await expect.poll(() => notificationsOf(stack.ctx, row.id), { timeout: 20_000, interval: 250 }).toHaveLength(2);
    const [reminder, escalation] = await notificationsOf(stack.ctx, row.id);
    expect(reminder).toEqual({
      stage: 'requested',
      recipient: 'ops.marc',
      kind: 'reminder',
      message: `Import ${row.id}: stage "requested" has waited longer than its limit of 2 seconds; waiting for ops.marc (blocked, technical: The feed needs our IP allow-listed).`,
    });
    expect([escalation!.recipient, escalation!.kind]).toEqual(['lead.ines', 'escalation']);
    const state = await handle.executeUpdate(unblockUpdate, { args: [{ by: 'lead.ines', role: 'lead', resolution: 'Allow-listed by their IT' }] });
    expect(state.blocker).toBeNull();
    // Unblocked: a new wait for the stage's owner (account management in `requested`).
    await expect.poll(() => notificationsOf(stack.ctx, row.id), { timeout: 20_000, interval: 250 }).toHaveLength(3);
    expect((await notificationsOf(stack.ctx, row.id))[2]).toMatchObject({ recipient: 'am.claire', kind: 'reminder' });
    expect((await handle.query(stateQuery)).history.map((d) => d.kind)).toEqual(['requested', 'block', 'unblock']);
    await maybeRecordHistory(handle, 'import-lifecycle-blocked-unblocked');
  });
});
