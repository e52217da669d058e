// The team's review practices through the API: the automatic ones computed from the submission, the sheet
// answered one by one, the approval refused until it is complete, failures carried to the next revision, and
// the lead's failure counts per practice.
import { describe, expect, it } from 'vitest';
import { REVIEW_PRACTICES } from '../contracts';
import { TEAM, writeDossier, type TeamMember } from './support/api';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });

const call = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.call(method, path, body, as);
const ok = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.ok(method, path, body, as);
const MANUAL = REVIEW_PRACTICES.filter((p) => !p.automatic).map((p) => p.id);
const submission = { version: 'v1', importerKey: 'greenhouse', config: { boardToken: 'acme', baseUrl: 'https://boards-api.greenhouse.io' } };

describe('review practices', () => {
  it('lists at least 12 practices, each with its why and whether the platform checks it', async () => {
    const list = await ok('GET', '/review-practices', undefined, TEAM.accountManager);
    expect(list.items.length).toBeGreaterThanOrEqual(12);
    for (const p of list.items) expect(Object.keys(p).sort()).toEqual(['automatic', 'id', 'text', 'why']);
    expect(list.items.filter((p: any) => p.automatic).length).toBeGreaterThanOrEqual(5);
  });

  it('refuses an approval until every practice is answered and every automatic one passes or is waived; carries failures to the next revision', async () => {
    const id = (await ok('POST', '/imports', { client: 'Acme', name: 'Practices', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager)).id as string;
    await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);
    await ok('POST', `/imports/${id}/estimate`, { days: 3 }, TEAM.developer);
    await ok('POST', `/imports/${id}/plan`, { priority: 2, wantedDate: '2027-02-01' }, TEAM.lead);
    await ok('POST', `/imports/${id}/assign`, { assignee: TEAM.developer }, TEAM.lead);
    await ok('POST', `/imports/${id}/start-development`, {}, TEAM.developer);
    expect((await call('GET', `/imports/${id}/review-sheet`, undefined, TEAM.reviewer)).status).toBe(404);
    await writeDossier(stack.api, id, TEAM.developer);
    await ok('POST', `/imports/${id}/submit-review`, { ...submission, fetchPolicy: { perHostConcurrency: 8 } }, TEAM.developer);

    const sheet = await ok('GET', `/imports/${id}/review-sheet`, undefined, TEAM.reviewer);
    const byId = Object.fromEntries(sheet.practices.map((p: any) => [p.id, p]));
    expect(sheet).toMatchObject({ revision: 1, approvable: false, carriedOver: [] });
    expect(sheet.failing.sort()).toEqual(['field_coverage_floors', 'polite_fetch_policy', 'run_book_written', 'schedule_agreed']);
    expect(byId.polite_fetch_policy.result).toEqual({ status: 'fail', message: '8 request(s) per host (at most 4), 60000 ms per fetch (at most 120000)', figures: { perHostConcurrency: 8, totalTimeoutMs: 60_000 } });
    expect(byId.expected_count_check.result).toMatchObject({ status: 'pass', figures: { severity: 'fail', min: 1, allowEmpty: false } });
    expect(byId.no_secret_in_config.result.status).toBe('pass');
    expect(byId.dossier_updated.result).toMatchObject({ status: 'pass', figures: { version: 1, lastApproved: null } });
    expect(byId.stable_external_ids).toMatchObject({ automatic: false, result: null, answer: null, state: 'unanswered' });

    const early = await call('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer);
    expect([early.status, early.body.error.code, early.body.error.details.unanswered]).toEqual([422, 'review_incomplete', MANUAL]);
    expect(early.body.error.details.failing.sort()).toEqual(['field_coverage_floors', 'polite_fetch_policy', 'run_book_written', 'schedule_agreed']);

    // Answers that do not fit are refused, with the practice named.
    const wrong = await call('PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: [{ practice: 'schedule_agreed', answer: 'ok' }, { practice: 'run_book_written', answer: 'waived' }, { practice: 'stable_external_ids', answer: 'waived', comment: 'x' }] }, TEAM.reviewer);
    expect([wrong.status, wrong.body.error.code, wrong.body.error.details.fields.map((f: any) => f.message)]).toEqual([
      422,
      'invalid_answer',
      ['schedule_agreed: the automatic check fails: fix the submission, or waive it with a reason', 'run_book_written: "waived" needs a comment (why)', 'stable_external_ids: only a failing automatic practice is waived'],
    ]);
    expect((await call('PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: [{ practice: 'tabs_not_spaces', answer: 'ok' }] }, TEAM.reviewer)).status).toBe(400);
    expect((await call('PUT', `/imports/${id}/review-sheet`, { revision: 2, answers: [{ practice: 'stable_external_ids', answer: 'ok' }] }, TEAM.reviewer)).status).toBe(409);
    expect((await call('PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: [{ practice: 'stable_external_ids', answer: 'ok' }] }, TEAM.accountManager)).status).toBe(403);
    // The author is a developer too, but the reviewer is a second one.
    const own = await call('PUT', `/imports/${id}/review-sheet`, { revision: 1, answers: [{ practice: 'stable_external_ids', answer: 'ok' }] }, TEAM.developer);
    expect([own.status, own.body.error.code, own.body.error.message]).toEqual([403, 'self_review', `${TEAM.developer} submitted revision 1: its review sheet is answered by another developer`]);

    await ok('PUT', `/imports/${id}/review-sheet`, {
      revision: 1,
      answers: [
        ...MANUAL.filter((p) => p !== 'explicit_date_formats' && p !== 'fixture_test_for_code_importers').map((practice) => ({ practice, answer: 'ok' })),
        { practice: 'fixture_test_for_code_importers', answer: 'not_applicable', comment: 'Greenhouse: configuration only' },
        { practice: 'explicit_date_formats', answer: 'problem', comment: 'updated_at is read as local time' },
        { practice: 'schedule_agreed', answer: 'waived', comment: "The importer's daily default is what the client agreed" },
        { practice: 'run_book_written', answer: 'waived', comment: 'First import of this client: nothing known yet' },
      ],
    }, TEAM.reviewer);
    const stillFailing = await call('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer);
    expect([stillFailing.status, stillFailing.body.error.details]).toEqual([422, { revision: 1, unanswered: [], failing: ['field_coverage_floors', 'polite_fetch_policy'], problems: ['explicit_date_formats'] }]);
    await ok('POST', `/imports/${id}/review`, { decision: 'request_changes', comments: 'Dates in UTC, two requests per host, and a floor on the city' }, TEAM.reviewer);

    // Revision 2: polite, with a coverage floor; the sheet shows what failed in revision 1.
    await ok('POST', `/imports/${id}/submit-review`, { ...submission, version: 'v2', checks: { fieldCoverage: { minimums: { 'location.city': 0.9 } } }, fetchPolicy: { perHostConcurrency: 2 } }, TEAM.developer);
    // A write lost after the workflow accepted the submission (say the API crashed in between): the sheet and the
    // dossier mark are caught up from the workflow's state when the sheet is next read.
    await stack.ctx.database.sql`delete from review_sheet_rows where import_id = ${id} and revision = 2`;
    await stack.ctx.database.sql`update dossier_versions set submitted_revision = null where import_id = ${id}`;
    const second = await ok('GET', `/imports/${id}/review-sheet`, undefined, TEAM.reviewer);
    expect(second.revision).toBe(2);
    expect(await stack.ctx.database.sql`select version, submitted_revision from dossier_versions where import_id = ${id}`).toEqual([{ version: 1, submitted_revision: 2 }]);
    expect(second.carriedOver.map((c: any) => [c.practice, c.answer, c.comment ?? c.result.message])).toEqual(
      expect.arrayContaining([
        ['explicit_date_formats', 'problem', 'updated_at is read as local time'],
        ['field_coverage_floors', null, 'no coverage floor: set checks.fieldCoverage.minimums for the fields the client relies on'],
        ['polite_fetch_policy', null, '8 request(s) per host (at most 4), 60000 ms per fetch (at most 120000)'],
      ]),
    );
    expect(second.carriedOver).toHaveLength(3);
    expect(second.failing.sort()).toEqual(['run_book_written', 'schedule_agreed']);
    await ok('PUT', `/imports/${id}/review-sheet`, {
      revision: 2,
      answers: [
        ...MANUAL.map((practice) => ({ practice, answer: 'ok' })),
        { practice: 'schedule_agreed', answer: 'waived', comment: 'Daily default agreed' },
      ],
    }, TEAM.reviewer);
    const unwaived = await call('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer);
    expect([unwaived.status, unwaived.body.error.details.failing]).toEqual([422, ['run_book_written']]);
    await ok('PUT', `/imports/${id}/review-sheet`, { revision: 2, answers: [{ practice: 'run_book_written', answer: 'waived', comment: 'Nothing known yet' }] }, TEAM.reviewer);
    expect((await ok('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer)).review).toMatchObject({ revision: 2, outcome: 'approved' });

    // The lead follows which practices fail.
    const stats = await ok('GET', '/review-practices/stats', undefined, TEAM.lead);
    const of = (p: string) => stats.items.find((s: any) => s.practice === p);
    expect(of('explicit_date_formats')).toMatchObject({ failures: expect.any(Number), automatic: false });
    expect(of('explicit_date_formats').failures).toBeGreaterThanOrEqual(1);
    expect(of('run_book_written').failures).toBeGreaterThanOrEqual(2);
    expect(of('run_book_written').waived).toBeGreaterThanOrEqual(2);
    expect((await call('GET', '/review-practices/stats', undefined, TEAM.developer)).status).toBe(403);
  });
});
