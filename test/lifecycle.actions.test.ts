// GET /imports/:id/actions: what each role may decide now, read from the transitions table with the workflow's
// state, and that every decision it offers is one the API then accepts.
import { describe, expect, it } from 'vitest';
import { TEAM, type TeamMember } from './support/api';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });

const actionsOf = async (id: string, as: TeamMember) => {
  const res = await stack.api.call('GET', `/imports/${id}/actions`, undefined, as);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { stage: string; role: string; actor: string; actions: { decision: string; path: string; schema: { properties: Record<string, unknown>; required?: string[] } }[] };
};
const decisionsOf = async (id: string, as: TeamMember) => (await actionsOf(id, as)).actions.map((a) => a.decision);

describe('GET /imports/:id/actions', () => {
  it("answers each role's decisions for the stage and the state, with their routes and request schemas", async () => {
    const created = await stack.api.call('POST', '/imports', { client: 'Acme', name: 'Actions', kind: 'json', sourceUrls: ['https://jobs.example.fr/'], priority: 2 }, TEAM.accountManager);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await expect.poll(async () => (await stack.api.call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);

    const developer = await actionsOf(id, TEAM.developer);
    expect([developer.stage, developer.role, developer.actor]).toEqual(['requested', 'developer', TEAM.developer]);
    // Not blocked: no unblock; no assignee: no reassign, and a developer blocks only their own import.
    expect(developer.actions.map((a) => a.decision)).toEqual(['estimate']);
    const estimate = developer.actions[0]!;
    expect(estimate.path).toBe(`/imports/${id}/estimate`);
    expect(Object.keys(estimate.schema.properties)).toEqual(['estimator', 'days', 'comment']);
    expect(estimate.schema.required).toEqual(['days']);
    expect(await decisionsOf(id, TEAM.accountManager)).toEqual(['cancel', 'block']);
    expect(await decisionsOf(id, TEAM.lead)).toEqual(['cancel', 'block']);
    expect(await decisionsOf(id, TEAM.ops)).toEqual([]);

    // What it offers is accepted.
    expect((await stack.api.call('POST', estimate.path, { days: 2 }, TEAM.developer)).status).toBe(200);
    expect(await decisionsOf(id, TEAM.lead)).toEqual(['plan', 'cancel', 'block']);
    expect((await stack.api.call('POST', `/imports/${id}/plan`, { priority: 2, wantedDate: '2027-01-15' }, TEAM.lead)).status).toBe(200);
    expect((await stack.api.call('POST', `/imports/${id}/assign`, { assignee: TEAM.developer }, TEAM.lead)).status).toBe(200);
    // The assignee starts development; another developer may not.
    expect(await decisionsOf(id, TEAM.developer)).toEqual(['startDevelopment', 'block']);
    expect(await decisionsOf(id, TEAM.reviewer)).toEqual([]);
    expect(await decisionsOf(id, TEAM.lead)).toEqual(['assign', 'cancel', 'block', 'reassign']);

    expect((await stack.api.call('POST', `/imports/${id}/block`, { kind: 'client_information', reason: 'Which offers?', waitingOn: 'client: Acme HR' }, TEAM.accountManager)).status).toBe(200);
    expect(await decisionsOf(id, TEAM.accountManager)).toEqual(['cancel', 'unblock']);

    expect((await stack.api.call('GET', '/imports/00000000-0000-4000-8000-000000000000/actions', undefined, TEAM.lead)).status).toBe(404);
  });
});
