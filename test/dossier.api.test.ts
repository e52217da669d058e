// The import dossier through the API: versioned edits (stale ones refused), versions and diffs, credentials and
// oversize refused, hostile text escaped, and the submission for review gated on its required sections.
import { describe, expect, it } from 'vitest';
import { FILLED_DOSSIER, passReviewSheet, TEAM, type TeamMember } from './support/api';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });

const call = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.call(method, path, body, as);
const ok = (method: string, path: string, body: unknown, as: TeamMember) => stack.api.ok(method, path, body, as);
const submission = { version: 'v1', importerKey: 'greenhouse', config: { boardToken: 'acme', baseUrl: 'http://127.0.0.1:9' } };

/** A new import, assigned to dev.alice and in development. */
async function inDevelopment(name: string): Promise<string> {
  const id = (await ok('POST', '/imports', { client: 'Acme', name, kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager)).id as string;
  await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`, undefined, TEAM.lead)).body.length, { timeout: 20_000 }).toBe(1);
  await ok('POST', `/imports/${id}/estimate`, { days: 3 }, TEAM.developer);
  await ok('POST', `/imports/${id}/plan`, { priority: 2, wantedDate: '2027-02-01' }, TEAM.lead);
  await ok('POST', `/imports/${id}/assign`, { assignee: TEAM.developer }, TEAM.lead);
  await ok('POST', `/imports/${id}/start-development`, {}, TEAM.developer);
  return id;
}

describe('the import dossier', () => {
  it('is edited in versions: stale edits 409, versions listed, diffs between two, by account management and developers', async () => {
    const id = (await ok('POST', '/imports', { client: 'Acme', name: 'Dossier versions', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager)).id as string;
    const empty = await ok('GET', `/imports/${id}/dossier`, undefined, TEAM.ops);
    expect(empty).toMatchObject({ version: 0, author: null, missingSections: ['context', 'sources', 'contacts', 'unusualPoints'], incidentLog: [] });

    const v1 = await ok('PUT', `/imports/${id}/dossier`, { baseVersion: 0, context: 'Acme, a Greenhouse board.', contacts: 'AM: am.claire', note: 'first notes' }, TEAM.accountManager);
    expect(v1).toMatchObject({ version: 1, author: 'am.claire', authorRole: 'account_manager', note: 'first notes', missingSections: ['sources', 'unusualPoints'] });
    const v2 = await ok('PUT', `/imports/${id}/dossier`, { ...FILLED_DOSSIER, baseVersion: 1, unusualPoints: ['feed is windows-1252', 'site down Sundays 02:00–04:00 UTC'], runBook: { count_drop: 'Seasonal: ask the AM first.' } }, TEAM.developer);
    expect(v2).toMatchObject({ version: 2, author: 'dev.alice', missingSections: [] });

    // Bruno read version 1 too: his save would silently drop Alice's; it is refused and names the current version.
    const stale = await call('PUT', `/imports/${id}/dossier`, { baseVersion: 1, context: 'Overwrite' }, TEAM.reviewer);
    expect([stale.status, stale.body.error.code, stale.body.error.details]).toEqual([409, 'stale_dossier', { baseVersion: 1, currentVersion: 2 }]);
    expect((await call('PUT', `/imports/${id}/dossier`, { baseVersion: 7, context: 'Ahead' }, TEAM.reviewer)).status).toBe(409);
    // Ops read it, but do not write it.
    expect((await call('PUT', `/imports/${id}/dossier`, { baseVersion: 2, context: 'x' }, TEAM.ops)).status).toBe(403);

    const versions = await ok('GET', `/imports/${id}/dossier/versions`, undefined, TEAM.ops);
    expect(versions.items.map((v: any) => [v.version, v.author, v.note])).toEqual([
      [2, 'dev.alice', null],
      [1, 'am.claire', 'first notes'],
    ]);
    const diff = await ok('GET', `/imports/${id}/dossier/diff?from=1&to=2`, undefined, TEAM.ops);
    expect(diff.changedSections).toEqual(['context', 'sources', 'contacts', 'unusualPoints', 'runBook']);
    expect(diff.patch).toContain('-Acme, a Greenhouse board.');
    expect(diff.patch).toContain('+- feed is windows-1252');
    expect(diff.patch).toContain('+### count_drop');
    expect((await call('GET', `/imports/${id}/dossier/diff?from=1&to=9`, undefined, TEAM.ops)).body.error.code).toBe('dossier_version_not_found');
    const backwards = await call('GET', `/imports/${id}/dossier/diff?from=2&to=1`, undefined, TEAM.ops);
    expect([backwards.status, backwards.body.error.details.fields[0].field]).toEqual([400, 'from']);
  });

  it('refuses credential-looking values and oversize input, and escapes hostile text', async () => {
    const id = (await ok('POST', '/imports', { client: 'Acme', name: 'Dossier guards', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager)).id as string;
    const put = (body: Record<string, unknown>) => call('PUT', `/imports/${id}/dossier`, { baseVersion: 0, ...body }, TEAM.developer);

    for (const [field, body] of [
      ['sources', { sources: 'FTP login: acme\npassword: hunter2hunter2' }],
      ['sources', { sources: 'Feed: https://feed.acme.example/jobs.xml?api_key=9f8e7d6c5b4a' }],
      ['contacts', { contacts: 'IT: https://julie:s3cretpass@sftp.acme.example' }],
      ['runBook.fetch_failed', { runBook: { fetch_failed: 'curl -H "Authorization: Bearer abcdef0123456789"' } }],
    ] as const) {
      const res = await put(body);
      expect([res.status, res.body.error.code, res.body.error.details.fields[0].field], JSON.stringify(body)).toEqual([422, 'plain_credentials', field]);
    }
    // A secret named by reference, and prose about a password, are what a dossier should say.
    await ok('PUT', `/imports/${id}/dossier`, { baseVersion: 0, sources: 'FTP password: { "$secret": "ACME_FTP" }\nAPI token: ask Julie in IT, never paste it here' }, TEAM.developer);

    const tooLong = await call('PUT', `/imports/${id}/dossier`, { baseVersion: 1, context: 'x'.repeat(8_001) }, TEAM.developer);
    expect([tooLong.status, tooLong.body.error.details.fields]).toEqual([400, [{ field: 'context', message: 'context: at most 8000 characters' }]]);
    const twoLines = await call('PUT', `/imports/${id}/dossier`, { baseVersion: 1, unusualPoints: ['one\ntwo'] }, TEAM.developer);
    expect([twoLines.status, twoLines.body.error.details.fields[0].field]).toEqual([400, 'unusualPoints.0']);
    const many = await call('PUT', `/imports/${id}/dossier`, { baseVersion: 1, unusualPoints: Array.from({ length: 31 }, (_, i) => `point ${i}`) }, TEAM.developer);
    expect([many.status, many.body.error.details.fields[0].field]).toEqual([400, 'unusualPoints']);
    expect((await call('PUT', `/imports/${id}/dossier`, { baseVersion: 1, runBook: { 'Bad Key': 'x' } }, TEAM.developer)).status).toBe(400);
    expect((await call('PUT', `/imports/${id}/dossier`, { baseVersion: 1, colour: 'red' }, TEAM.developer)).status).toBe(400);

    const hostile = await ok('PUT', `/imports/${id}/dossier`, {
      baseVersion: 1,
      context: '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) **bold**',
      unusualPoints: ['<b>ids</b> change'],
    }, TEAM.accountManager);
    expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile.html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(hostile.html).toContain('<strong>bold</strong>');
    expect(hostile.html).toContain('<li>&lt;b&gt;ids&lt;/b&gt; change</li>');
    expect(hostile.html).not.toMatch(/<script|<img|href="javascript:/);
  });

  it('gates the submission for review on context, sources, contacts and unusual points; the reviewer sees the diff since the last approval', async () => {
    const id = await inDevelopment('Dossier gate');
    const bare = await call('POST', `/imports/${id}/submit-review`, submission, TEAM.developer);
    expect([bare.status, bare.body.error.code, bare.body.error.details]).toEqual([422, 'dossier_incomplete', { missing: ['context', 'sources', 'contacts', 'unusualPoints'] }]);
    expect(bare.body.error.message).toMatch(/misses: context, sources and access, contacts, unusual points\. .*"none" is an answer/);

    await ok('PUT', `/imports/${id}/dossier`, { baseVersion: 0, context: 'Acme on Greenhouse', sources: 'none', contacts: 'AM: am.claire' }, TEAM.developer);
    const partial = await call('POST', `/imports/${id}/submit-review`, submission, TEAM.developer);
    expect([partial.status, partial.body.error.details]).toEqual([422, { missing: ['unusualPoints'] }]);

    await ok('PUT', `/imports/${id}/dossier`, { baseVersion: 1, context: 'Acme on Greenhouse', sources: 'none', contacts: 'AM: am.claire', unusualPoints: ['none'] }, TEAM.developer);
    expect((await ok('POST', `/imports/${id}/submit-review`, submission, TEAM.developer)).stage).toBe('in_review');
    const first = await ok('GET', `/imports/${id}/dossier/review`, undefined, TEAM.reviewer);
    expect([first.submittedVersion, first.lastApprovedVersion, first.diff.from, first.diff.to]).toEqual([2, null, 0, 2]);

    await ok('POST', `/imports/${id}/review`, { decision: 'request_changes', comments: 'Say which board token and why' }, TEAM.reviewer);
    await ok('PUT', `/imports/${id}/dossier`, { baseVersion: 2, context: 'Acme on Greenhouse, board token `acme`', sources: 'none', contacts: 'AM: am.claire', unusualPoints: ['none'] }, TEAM.developer);
    await ok('POST', `/imports/${id}/submit-review`, submission, TEAM.developer);
    await passReviewSheet(stack.api, id, TEAM.reviewer);
    await ok('POST', `/imports/${id}/review`, { decision: 'approve' }, TEAM.reviewer);
    const versions = (await ok('GET', `/imports/${id}/dossier/versions`, undefined, TEAM.lead)).items;
    expect(versions.map((v: any) => [v.version, v.submittedRevision, v.approvedRevision])).toEqual([
      [3, 2, 2],
      [2, 1, null],
      [1, null, null],
    ]);
    // After the approval, later edits are diffed from the approved version 3.
    await ok('PUT', `/imports/${id}/dossier`, { baseVersion: 3, context: 'Acme on Greenhouse, board token `acme`', sources: 'none', contacts: 'AM: am.claire', unusualPoints: ['ids change when a job is republished'] }, TEAM.developer);
    const review = await ok('GET', `/imports/${id}/dossier/review`, undefined, TEAM.reviewer);
    expect([review.submittedVersion, review.lastApprovedVersion]).toEqual([3, 3]);
  });
});
