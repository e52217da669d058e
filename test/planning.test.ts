// Team planning through the API: workload per developer, assignment suggestions on a small team with different
// skills and loads, and the planning board. The imports are rows as the lifecycle's activities write them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { importConfigs, importDecisions, importPlans } from '../db/schema';
import { TEAM } from './support/api';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ api: true });
const suffix = Date.now().toString(36);
const xmlFree = `dev.xml-free-${suffix}`;
const xmlBusy = `dev.xml-busy-${suffix}`;
const htmlDev = `dev.html-${suffix}`;
const mine = [xmlFree, xmlBusy, htmlDev];

// The file's own developers, next to the TEAM every API test acts as.
beforeAll(async () => {
  const team = [
    { handle: xmlFree, name: 'Xavier Libre', role: 'developer', skills: ['xml', 'taleo'], weeklyCapacityDays: 3 },
    { handle: xmlBusy, name: 'Xénia Occupée', role: 'developer', skills: ['xml', 'taleo', 'multiposting'], weeklyCapacityDays: 5 },
    { handle: htmlDev, name: 'Hugo Html', role: 'developer', skills: ['html'], weeklyCapacityDays: 5 },
  ];
  for (const m of team) expect((await stack.api.call('POST', '/team/members', { ...m, email: `${m.handle}@liaison.example` }, TEAM.lead)).status).toBe(201);
});

/** An import row, planned and assigned as the lifecycle's activities record it. */
async function assigned(assignee: string | null, fields: { stage: string; estimateDays: number; kind?: 'html' | 'xml' | 'json'; priority?: number; wantedDate?: string; enteredDaysAgo?: number }) {
  const row = await insertImport(stack.ctx, { kind: fields.kind ?? 'xml', stage: fields.stage as never, estimateDays: fields.estimateDays, priority: fields.priority ?? 3, name: `Planning ${randomUUID().slice(0, 8)}` });
  await stack.ctx.database.db.insert(importPlans).values({ importId: row.id, wantedDate: fields.wantedDate ?? '2027-06-01', plannedBy: TEAM.lead, assignee });
  const at = new Date(Date.now() - (fields.enteredDaysAgo ?? 0) * 86_400_000 - 60_000);
  await stack.ctx.database.db.insert(importDecisions).values({ decisionId: `test/${row.id}/enter`, importId: row.id, kind: 'assign', actor: TEAM.lead, fromStage: 'planned', toStage: fields.stage as never, decidedAt: at });
  return row;
}

describe('team planning', () => {
  it('sums the open estimated days of each developer against their capacity (live and cancelled imports do not count)', async () => {
    await assigned(xmlBusy, { stage: 'in_development', estimateDays: 4 });
    await assigned(xmlBusy, { stage: 'in_review', estimateDays: 2.5 });
    await assigned(xmlBusy, { stage: 'live', estimateDays: 10 });
    await assigned(xmlFree, { stage: 'cancelled', estimateDays: 8 });
    await assigned(htmlDev, { stage: 'assigned', estimateDays: 1 });

    const workload = (await stack.api.call('GET', '/planning/workload', undefined, TEAM.lead)).body as any[];
    const byHandle = Object.fromEntries(workload.map((w) => [w.handle, w]));
    expect([byHandle[xmlBusy], byHandle[xmlFree], byHandle[htmlDev]].map((w) => [w.openDays, w.openImports, w.weeklyCapacityDays, w.freeDays, w.load])).toEqual([
      [6.5, 2, 5, -1.5, 1.3],
      [0, 0, 3, 3, 0],
      [1, 1, 5, 4, 0.2],
    ]);
    expect(workload.every((w) => w.handle !== TEAM.lead && w.handle !== TEAM.ops)).toBe(true);
  });

  it('ranks developers for an import by matching skills, then free capacity, and says why', async () => {
    const target = await assigned(null, { stage: 'planned', estimateDays: 3, kind: 'xml' });
    await stack.ctx.database.db.insert(importConfigs).values({ importId: target.id, environment: 'staging', importerKey: 'taleo', config: {} });

    const res = await stack.api.call('GET', `/imports/${target.id}/assignment-suggestions`, undefined, TEAM.lead);
    expect(res.status).toBe(200);
    expect(res.body.neededSkills).toEqual(['xml', 'taleo']);
    const ours = (res.body.suggestions as any[]).filter((s) => mine.includes(s.handle));
    expect(ours.map((s) => [s.handle, s.matchedSkills, s.reason])).toEqual([
      [xmlFree, ['xml', 'taleo'], 'knows xml, taleo; 3 days free of 3 days a week (0 days open on 0 imports)'],
      [xmlBusy, ['xml', 'taleo'], 'knows xml, taleo; over capacity by 1.5 days (6.5 days open on 2 imports, 5 days a week)'],
      [htmlDev, [], 'none of xml, taleo; 4 days free of 5 days a week (1 day open on 1 import)'],
    ]);
    const ranks = (res.body.suggestions as any[]).map((s) => s.rank);
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));

    expect((await stack.api.call('GET', `/imports/${randomUUID()}/assignment-suggestions`, undefined, TEAM.lead)).status).toBe(404);
  });

  it('shows the board: imports by stage, by priority then wanted date, with assignee and days in stage', async () => {
    const late = await assigned(htmlDev, { stage: 'in_development', estimateDays: 2, kind: 'html', priority: 2, wantedDate: '2027-03-01', enteredDaysAgo: 4 });
    const urgent = await assigned(htmlDev, { stage: 'in_development', estimateDays: 2, kind: 'html', priority: 1, wantedDate: '2027-09-01', enteredDaysAgo: 1 });
    const soon = await assigned(xmlBusy, { stage: 'in_development', estimateDays: 2, kind: 'xml', priority: 2, wantedDate: '2027-02-01' });

    const board = await stack.api.call('GET', '/planning/board?stages=in_development,planned', undefined, TEAM.developer);
    expect(board.status).toBe(200);
    expect(board.body.columns.map((c: any) => c.stage)).toEqual(['planned', 'in_development']);
    const column = board.body.columns[1].imports.filter((i: any) => [late.id, urgent.id, soon.id].includes(i.id));
    expect(column.map((i: any) => [i.id, i.priority, i.wantedDate, i.assignee, i.daysInStage])).toEqual([
      [urgent.id, 1, '2027-09-01', htmlDev, 1],
      [soon.id, 2, '2027-02-01', xmlBusy, 0],
      [late.id, 2, '2027-03-01', htmlDev, 4],
    ]);
    expect(column[0]).toMatchObject({ clientName: expect.stringMatching(/^Client /), kind: 'html', estimateDays: 2 });

    const bad = await stack.api.call('GET', '/planning/board?stages=in_development,nowhere&sort=name', undefined, TEAM.lead);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['sort', 'stages.1']);
  });
});

describe('questions on an import', () => {
  it('go to the other side with a notification, and the answer notifies the author', async () => {
    const row = await assigned(TEAM.developer, { stage: 'in_development', estimateDays: 1 });
    const path = `/imports/${row.id}/questions`;
    const asked = await stack.api.call('POST', path, { text: 'Le client veut-il les offres de stage ?' }, TEAM.accountManager);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ askedBy: TEAM.accountManager, askedRole: 'account_manager', addressedTo: TEAM.developer, answer: null });
    const back = await stack.api.call('POST', path, { text: 'Faut-il filtrer les offres expirées ?' }, TEAM.developer);
    expect(back.body.addressedTo).toBe('am.claire');

    expect((await stack.api.call('POST', `${path}/${asked.body.id}/answer`, { answer: 'Moi-même' }, TEAM.accountManager)).status).toBe(422);
    const answered = await stack.api.call('POST', `${path}/${asked.body.id}/answer`, { answer: 'Oui, avec le type « Stage ».' }, TEAM.developer);
    expect([answered.status, answered.body.answeredBy, answered.body.answer]).toEqual([200, TEAM.developer, 'Oui, avec le type « Stage ».']);
    expect((await stack.api.call('POST', `${path}/${asked.body.id}/answer`, { answer: 'Encore' }, TEAM.reviewer)).body.error).toMatchObject({ status: 409, code: 'already_answered' });

    const open = await stack.api.call('GET', `${path}?open=true`, undefined, TEAM.ops);
    expect([open.body.total, open.body.items.map((q: any) => q.id)]).toEqual([1, [back.body.id]]);
    const notes = (await stack.api.call('GET', `/imports/${row.id}/notifications`, undefined, TEAM.lead)).body as any[];
    expect(notes.map((n) => [n.kind, n.recipient, n.message]).reverse()).toEqual([
      ['question', TEAM.developer, 'am.claire asks: Le client veut-il les offres de stage ?'],
      ['question', TEAM.accountManager, 'dev.alice asks: Faut-il filtrer les offres expirées ?'],
      ['answer', TEAM.accountManager, 'dev.alice answered your question "Le client veut-il les offres de stage ?": Oui, avec le type « Stage ».'],
    ]);
    expect((await stack.api.call('POST', path, { text: '', extra: 1 }, TEAM.lead)).body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['extra', 'text']);
    expect((await stack.api.call('GET', `/imports/${randomUUID()}/questions`, undefined, TEAM.lead)).status).toBe(404);
  });
});
