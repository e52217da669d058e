// The closing walk-through of "every import understandable by anyone": ONE import driven through the API on the
// real stack — dossier written, submitted, reviewed against the practices with one automatic check failing and
// then fixed, blocked on the client for two days then unblocked, and an incident answered by a developer who never
// saw the import, from its dossier. Every answer is asserted. With WALKTHROUGH_TRANSCRIPT=<file>, the calls and
// what each returned (trimmed) are written there as markdown.
//
// The two days: the dev server's clock cannot be moved, so the block's start is moved two days back in Postgres
// (import_blockers.blocked_at), which is what the planning board and the digest count from. The workflow's own
// record of the block keeps its real time: the unblock decision says 0 days.
import { promises as fs } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureMemberWithKey } from '../apps/api/team/bootstrap';
import { TEAM, type TeamMember } from './support/api';
import { useStack } from './support/use-stack';
import { WORKFLOW_TYPES } from '../contracts';

const stack = useStack({ worker: true, sites: true, api: true });

const NEWCOMER = 'dev.chloe' as TeamMember;
const transcript: string[] = [];
let importId: string | undefined;
/** JSON for the transcript: what fits on a line stays on one line. */
function json(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined || flat.length + indent.length <= 110 || value === null || typeof value !== 'object') return flat ?? 'null';
  const inner = `${indent}  `;
  const items = Array.isArray(value) ? value.map((v) => `${inner}${json(v, inner)}`) : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${json(v, inner)}`);
  return Array.isArray(value) ? `[\n${items.join(',\n')}\n${indent}]` : `{\n${items.join(',\n')}\n${indent}}`;
}

/** One API call, asserted on its status and recorded with the part of the answer worth reading. */
async function api(title: string, method: string, path: string, body: unknown, as: TeamMember, status: number, show: (b: any) => unknown = (b) => b) {
  const res = await stack.api.call(method, path, body, as);
  expect(res.status, `${title}: ${method} ${path} → ${JSON.stringify(res.body)}`).toBe(status);
  transcript.push(`**${title}** — \`${method} ${path}\` as \`${as}\`${body === undefined ? '' : `\n\`\`\`json\n${json(body)}\n\`\`\``}\n→ **${res.status}**\n\`\`\`json\n${json(show(res.body))}\n\`\`\`\n`);
  return res.body;
}
const note = (text: string) => transcript.push(`${text}\n`);

afterAll(async () => {
  const file = process.env.WALKTHROUGH_TRANSCRIPT;
  if (!file || !importId) return;
  const text = transcript.join('\n').replaceAll(importId, ':id');
  await fs.writeFile(file, `# One import, walked through the API\n\n_Recorded by test/dossier-walkthrough.test.ts on ${new Date().toISOString()} (real Temporal dev server, real Postgres, fixture client site on 127.0.0.1). The import's id is shown as \`:id\`._\n\n${text}`);
});

describe('the dossier walk-through', () => {
  it('drives one import from its dossier to an incident answered by a newcomer', { timeout: 180_000 }, async () => {
    const site = stack.sites.sites.greenhouse;
    note('## 0. The request');
    const created = await api('Account management requests the import', 'POST', '/imports', { client: 'Fjord Outdoor', name: 'Fjord careers', kind: 'json', sourceUrls: [site.url] }, TEAM.accountManager, 201, (b) => ({ id: b.id, stage: b.stage }));
    const id = (importId = created.id as string);
    await expect.poll(async () => (await stack.api.call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);

    // --- The dossier, written by account management then the developer.
    note('## 1. The dossier');
    const v1 = await api('Account management writes what they know', 'PUT', `/imports/${id}/dossier`, {
      baseVersion: 0,
      context: 'Fjord Outdoor (retail, 40 shops). Their offers are on Greenhouse; the `greenhouse` importer, configuration only.',
      sources: 'To be completed by the developer.',
      contacts: 'AM: am.claire. Client HR: Ingrid Dahl, hr@fjord.example. ATS vendor: Greenhouse support.',
      unusualPoints: [],
      runBook: {},
    }, TEAM.accountManager, 200, (b) => ({ version: b.version, author: b.author, missingSections: b.missingSections }));
    expect(v1.missingSections).toEqual(['unusualPoints']);
    await api('Estimate', 'POST', `/imports/${id}/estimate`, { days: 2 }, TEAM.reviewer, 200, (b) => ({ stage: b.stage }));
    await api('Plan', 'POST', `/imports/${id}/plan`, { priority: 2, wantedDate: '2027-01-15' }, TEAM.lead, 200, (b) => ({ stage: b.stage, plan: b.plan }));
    await api('Assign', 'POST', `/imports/${id}/assign`, { assignee: TEAM.developer }, TEAM.lead, 200, (b) => ({ stage: b.stage, assignee: b.assignee }));
    await api('Start development', 'POST', `/imports/${id}/start-development`, {}, TEAM.developer, 200, (b) => ({ stage: b.stage }));
    const submission = { version: 'a1b2c3d', importerKey: 'greenhouse', config: site.importerConfig(), schedule: '0 6 * * *', checks: { fieldCoverage: { minimums: { 'location.city': 0.9 } } } };
    const early = await api('Submitting before the dossier is complete is refused', 'POST', `/imports/${id}/submit-review`, { ...submission, fetchPolicy: { perHostConcurrency: 8 } }, TEAM.developer, 422, (b) => b.error);
    expect([early.error.code, early.error.details.missing]).toEqual(['dossier_incomplete', ['unusualPoints']]);
    const stale = await api('An edit against an old version is refused, not lost', 'PUT', `/imports/${id}/dossier`, { baseVersion: 0, context: 'x', sources: 'x', contacts: 'x', unusualPoints: ['none'], runBook: {} }, TEAM.developer, 409, (b) => b.error);
    expect(stale.error.code).toBe('stale_dossier');
    const dossier = {
      baseVersion: 1,
      context: v1.sections.context,
      sources: 'The public Greenhouse board (no credentials). Greenhouse asks for at most 2 requests at a time; one run a day at 06:00 UTC.',
      contacts: v1.sections.contacts,
      unusualPoints: ['ids change when a job is republished: the client republishes instead of editing', 'the board answers 404 while HR republishes (Mondays around 06:00 UTC), for about ten minutes'],
      runBook: {
        fetch_failed: 'A 404 on Monday morning is HR republishing: run again after 06:15 UTC. A 404 on another day: ask HR (contacts) whether the board moved.',
        count_drop: 'Republishing changes every id: a drop with as many creations is a republication, apply it.',
      },
      note: 'Sources, unusual points and run book',
    };
    const v2 = await api('The developer completes it', 'PUT', `/imports/${id}/dossier`, dossier, TEAM.developer, 200, (b) => ({ version: b.version, author: b.author, missingSections: b.missingSections, unusualPoints: b.sections.unusualPoints }));
    expect([v2.version, v2.missingSections]).toEqual([2, []]);
    const diff = await api('What changed from version 1 to 2', 'GET', `/imports/${id}/dossier/diff?from=1&to=2`, undefined, TEAM.lead, 200, (b) => b);
    expect(JSON.stringify(diff)).toContain('the board answers 404 while HR republishes');

    // --- Review against the practices: one automatic check fails (8 requests per host), then is fixed.
    note('## 2. Submitted and reviewed against the practices');
    await api('Revision 1 submitted', 'POST', `/imports/${id}/submit-review`, { ...submission, fetchPolicy: { perHostConcurrency: 8 } }, TEAM.developer, 200, (b) => ({ stage: b.stage, revision: b.submission.revision }));
    const sheet1 = await api('The reviewer reads the sheet', 'GET', `/imports/${id}/review-sheet`, undefined, TEAM.reviewer, 200, (b) => ({
      revision: b.revision,
      failing: b.failing,
      unanswered: b.unanswered,
      automatic: b.practices.filter((p: any) => p.result).map((p: any) => `${p.id}: ${p.result.status} — ${p.result.message}`),
    }));
    expect(sheet1.failing).toEqual(['polite_fetch_policy']);
    const manual = (sheet1.unanswered as string[]).map((practice) => ({ practice, answer: 'ok' }));
    await api('Its author may not answer it', 'PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: manual.slice(0, 1) }, TEAM.developer, 403, (b) => b.error);
    await api('The reviewer answers every manual practice', 'PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: manual }, TEAM.reviewer, 200, (b) => ({ approvable: b.approvable, failing: b.failing, unanswered: b.unanswered }));
    const refused = await api('Approval is refused while the automatic check fails', 'POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer, 422, (b) => b.error);
    expect(refused.error.details.failing).toEqual(['polite_fetch_policy']);
    await api('Changes requested', 'POST', `/imports/${id}/review`, { decision: 'request_changes', comments: 'Two requests per host, as Greenhouse asks (see the dossier)' }, TEAM.reviewer, 200, (b) => ({ stage: b.stage, review: b.review }));
    await api('Revision 2 submitted, polite', 'POST', `/imports/${id}/submit-review`, { ...submission, version: 'e4f5a6b', fetchPolicy: { perHostConcurrency: 2 } }, TEAM.developer, 200, (b) => ({ stage: b.stage, revision: b.submission.revision }));
    const sheet2 = await api('The sheet of revision 2 shows what failed in revision 1', 'GET', `/imports/${id}/review-sheet`, undefined, TEAM.reviewer, 200, (b) => ({
      revision: b.revision,
      failing: b.failing,
      carriedOver: b.carriedOver.map((c: any) => ({ practice: c.practice, was: c.result?.message ?? c.comment })),
      polite_fetch_policy: b.practices.find((p: any) => p.id === 'polite_fetch_policy').result,
    }));
    expect([sheet2.revision, sheet2.failing, sheet2.carriedOver.map((c: any) => c.practice)]).toEqual([2, [], ['polite_fetch_policy']]);
    await api('The reviewer answers revision 2', 'PUT', `/imports/${id}/review-sheet`, { revision: 2, answers: manual }, TEAM.reviewer, 200, (b) => ({ approvable: b.approvable }));
    const approved = await api('Approved', 'POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer, 200, (b) => ({ stage: b.stage, review: b.review }));
    expect(approved.review).toMatchObject({ revision: 2, outcome: 'approved' });

    // --- Blocked on the client, two days, then unblocked.
    note('## 3. Blocked on the client for two days');
    const blocked = await api('The developer blocks it on the client', 'POST', `/imports/${id}/block`, { kind: 'client_information', reason: 'Which offers are internal-only? They must not be published.', waitingOn: 'client: Fjord HR' }, TEAM.developer, 200, (b) => ({ stage: b.stage, blocker: b.blocker }));
    expect(blocked.blocker).toMatchObject({ kind: 'client_information', waitingOn: 'client: Fjord HR', by: TEAM.developer });
    await stack.ctx.database.sql`update import_blockers set blocked_at = blocked_at - interval '2 days' where import_id = ${id} and resolved_at is null`;
    note('_Two days pass: `update import_blockers set blocked_at = blocked_at - interval \'2 days\'` (the dev server\'s clock cannot be moved; the board and the digest count from this column)._');
    const board = await api('The lead\'s planning board', 'GET', '/planning/board?stages=in_review', undefined, TEAM.lead, 200, (b) => b.columns[0].imports.filter((i: any) => i.id === id).map((i: any) => ({ name: i.name, stage: i.stage, assignee: i.assignee, blocked: i.blocked })));
    expect(board.columns[0].imports.find((i: any) => i.id === id).blocked).toMatchObject({ kind: 'client_information', waitingOn: 'client: Fjord HR', days: 2 });
    const day = new Date().toISOString().slice(0, 10);
    await stack.ctx.env.client.workflow.execute(WORKFLOW_TYPES.dailyDigest, { workflowId: `daily-digest-walkthrough:${id}`, taskQueue: stack.ctx.taskQueue, args: [{ day }] });
    note(`_The \`dailyDigest\` workflow runs for ${day} (as its morning Schedule would)._`);
    const digest = await api("The account manager's digest lists it", 'GET', '/digests/latest', undefined, TEAM.accountManager, 200, (b) => ({ day: b.day, blocked: b.content.waitingOnYou.blocked.filter((x: any) => x.importId === id) }));
    expect(digest.content.waitingOnYou.blocked.find((x: any) => x.importId === id)).toMatchObject({ kind: 'client_information', reason: 'Which offers are internal-only? They must not be published.', days: 2, unusualPoints: dossier.unusualPoints, dossier: `/imports/${id}/dossier` });
    const unblocked = await api('Account management relays the answer and unblocks', 'POST', `/imports/${id}/unblock`, { resolution: "HR tags internal offers 'intern' on the board; excluded by the configuration" }, TEAM.accountManager, 200, (b) => ({ stage: b.stage, blocker: b.blocker }));
    expect(unblocked.blocker).toBeNull();
    const decisions = await api('The lifecycle history', 'GET', `/imports/${id}/decisions`, undefined, TEAM.lead, 200, (b) => b.map((d: any) => `${d.kind} by ${d.actor}${d.comment ? `: ${d.comment}` : ''}`));
    expect(decisions.slice(-2).map((d: any) => d.kind)).toEqual(['block', 'unblock']);

    // --- Staging, then an incident answered by a developer who never saw the import.
    note('## 4. Staging, and an incident answered by a newcomer');
    await api('Deployed to staging', 'POST', `/imports/${id}/deploy-staging`, {}, TEAM.developer, 200, (b) => ({ stage: b.stage, staging: { outcome: b.staging.outcome } }));
    await expect.poll(async () => (await stack.api.call('GET', `/imports/${id}/state`, undefined, TEAM.lead)).body.stage, { timeout: 60_000, interval: 500 }).toBe('client_validation');
    note('_The first staging run applies; the import waits for the client\'s validation._');
    site.setFault({ kind: 'status', status: 404 });
    note('_The client site starts answering 404 (the fixture site\'s fault switch)._');
    await api('A staging run', 'POST', `/imports/${id}/environments/staging/runs`, {}, TEAM.developer, 201, (b) => ({ workflowId: b.workflowId }));
    const incidentId = await pollIncident(id, 'active');

    const { key } = await ensureMemberWithKey(stack.ctx.database.db, { handle: NEWCOMER, name: 'Chloé Newcomer', email: 'chloe@liaison.example', role: 'developer', skills: ['html'], weeklyCapacityDays: 5 }, 'walkthrough');
    (stack.api.keys as Record<string, string>)[NEWCOMER] = key;
    note(`_${NEWCOMER}, a developer who never touched this import (no decision, no dossier version), is on duty._`);
    const incident = await api('She opens the incident', 'GET', `/incidents/${incidentId}`, undefined, NEWCOMER, 200, (b) => ({ id: b.id, kind: b.kind, environment: b.environment, status: b.status, summary: b.summary, dossier: b.dossier }));
    expect(incident.dossier).toMatchObject({ version: 2, unusualPoints: dossier.unusualPoints, runBook: [{ key: 'fetch_failed', text: dossier.runBook.fetch_failed }], lastTime: null, link: `/imports/${id}/dossier` });
    const alerts = await api("The run's alert says the same", 'GET', `/imports/${id}/alerts`, undefined, NEWCOMER, 200, (b) => b.slice(0, 1).map((a: any) => ({ kind: a.kind, summary: a.summary, runBook: a.dossier.runBook, link: a.dossier.link })));
    expect(alerts[0].dossier.runBook).toEqual([{ key: 'fetch_failed', text: dossier.runBook.fetch_failed }]);
    await api('She reads the whole dossier', 'GET', `/imports/${id}/dossier`, undefined, NEWCOMER, 200, (b) => ({ version: b.version, contacts: b.sections.contacts, unusualPoints: b.sections.unusualPoints, incidentLog: b.incidentLog }));
    const missing = await api('Resolving without cause and fix is refused', 'POST', `/incidents/${incidentId}/resolve`, {}, NEWCOMER, 422, (b) => b.error);
    expect(missing.error.code).toBe('cause_and_fix_required');
    const resolved = await api('She resolves it as the run book says', 'POST', `/incidents/${incidentId}/resolve`, { cause: 'HR republishing the board (Monday 06:00 UTC)', fix: 'Ran again after 06:15 UTC, as the run book says' }, NEWCOMER, 200, (b) => ({ status: b.status, resolvedBy: b.resolvedBy }));
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: NEWCOMER });
    const log = await api('The dossier keeps it', 'GET', `/imports/${id}/dossier`, undefined, TEAM.lead, 200, (b) => ({ incidentLog: b.incidentLog }));
    expect(log.incidentLog).toEqual([expect.objectContaining({ incidentId, kind: 'fetch_failed', by: NEWCOMER })]);

    await api('Another staging run meets the 404 again', 'POST', `/imports/${id}/environments/staging/runs`, {}, TEAM.developer, 201, (b) => ({ workflowId: b.workflowId }));
    const next = await pollIncident(id, 'active', incidentId);
    const again = await api('The next incident of the kind shows last time', 'GET', `/incidents/${next}`, undefined, TEAM.ops, 200, (b) => ({ id: b.id, kind: b.kind, lastTime: b.dossier.lastTime?.line }));
    expect(again.dossier.lastTime).toMatchObject({ incidentId, cause: 'HR republishing the board (Monday 06:00 UTC)', by: NEWCOMER });
    expect(again.dossier.lastTime.line).toMatch(/^last time: HR republishing the board \(Monday 06:00 UTC\) → Ran again after 06:15 UTC, as the run book says \(dev\.chloe, /);
    site.setFault(null);
  });
});

/** The id of the import's incident with `status` (not `exclude`), once the health workflow has opened it. */
async function pollIncident(importId: string, status: string, exclude?: number): Promise<number> {
  let found: number | undefined;
  await expect
    .poll(async () => {
      const list = (await stack.api.call('GET', `/incidents?importId=${importId}&status=${status}`, undefined, TEAM.lead)).body;
      found = (list.items as { id: number }[]).map((i) => i.id).find((i) => i !== exclude);
      return found;
    }, { timeout: 60_000, interval: 500 })
    .toBeDefined();
  return found!;
}
