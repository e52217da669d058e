// Runs, schedules and quarantine decisions through the HTTP API, against the fixture client sites.
import { describe, expect, it } from 'vitest';
import { promote } from '../activities/deploy/steps';
import { dossierVersions } from '../db/schema';
import { TEAM, type TeamMember } from './support/api';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });

/** As the member the body names (`by`, `requestedBy`), else the lead: the configurations and schedules are lead/ops work. */
const call = (method: string, path: string, body?: unknown, as?: TeamMember) => {
  const named = body as { by?: TeamMember; requestedBy?: TeamMember } | undefined;
  return stack.api.call(method, path, body, as ?? named?.by ?? named?.requestedBy ?? TEAM.lead);
};

async function newImport(name: string) {
  const created = await call('POST', '/imports', { client: 'Acme', name, kind: 'json', sourceUrls: [`${stack.sites.baseUrl}/greenhouse`], requestedBy: 'am.claire' });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const greenhouseConfig = () => ({
  importerKey: 'greenhouse',
  config: stack.sites.sites.greenhouse.importerConfig(),
  fetchPolicy: { totalTimeoutMs: 10_000 },
  schedule: '0 6 * * *',
});

/**
 * Production as the deploy saga leaves it: staging's configuration promoted by the saga's own step, the import
 * `live`. (A production configuration is never written through the API: 409 `use_the_deploy_saga`.)
 */
async function deployed(id: string) {
  expect((await call('PUT', `/imports/${id}/environments/staging/config`, greenhouseConfig(), 'dev.alice')).status).toBe(200);
  await promote(stack.ctx.database.db, { deployId: `production-deploy:${id}:test`, importId: id, by: 'ops.marc', source: { kind: 'staging', codeVersion: 'c0ffee1', reviewedBy: 'dev.bruno' } });
  // The lifecycle records its "requested" stage in its first activity: wait for it, or it would overwrite 'live'.
  await expect.poll(async () => (await call('GET', `/imports/${id}/decisions`)).body.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await stack.ctx.database.sql`update imports set stage = 'live' where id = ${id}`;
}

async function runsOf(id: string) {
  return (await call('GET', `/imports/${id}/runs`)).body as any[];
}

describe('import configuration', () => {
  it("is validated by the importer's own schema, refuses plain credentials and unknown importers", async () => {
    const id = await newImport('Config checks');
    const ok = await call('PUT', `/imports/${id}/environments/staging/config`, greenhouseConfig(), 'dev.alice');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ importerKey: 'greenhouse', environment: 'staging', schedule: '0 6 * * *' });
    const production = await call('PUT', `/imports/${id}/environments/production/config`, greenhouseConfig());
    expect([production.status, production.body.error.code]).toEqual([409, 'use_the_deploy_saga']);

    const invalid = await call('PUT', `/imports/${id}/environments/staging/config`, { ...greenhouseConfig(), config: {} });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('invalid_config');
    expect(invalid.body.error.message).toMatch(/^Invalid configuration for importer "greenhouse": config\./);

    const plain = await call('PUT', `/imports/${id}/environments/staging/config`, { ...greenhouseConfig(), config: { ...greenhouseConfig().config, apiToken: 'abc123' } });
    expect(plain.status).toBe(422);
    expect(plain.body.error.message).toMatch(/^Credentials must be references, not values: config\.apiToken\. .*\{ "\$secret": "NAME" \}/);

    // The reference itself is what the message asks for: accepted, and stored as written.
    const reference = await call('PUT', `/imports/${id}/environments/staging/config`, { ...greenhouseConfig(), config: { ...greenhouseConfig().config, apiToken: { $secret: 'GREENHOUSE_TOKEN' } } });
    expect(reference.status, JSON.stringify(reference.body)).toBe(200);
    expect(reference.body.config.apiToken).toEqual({ $secret: 'GREENHOUSE_TOKEN' });

    const inUrl = await call('PUT', `/imports/${id}/environments/staging/config`, { ...greenhouseConfig(), config: { ...greenhouseConfig().config, baseUrl: 'https://u:p4ss@boards.example/v1' } });
    expect(inUrl.status).toBe(422);
    expect(inUrl.body.error.code).toBe('plain_credentials');
    expect(JSON.stringify(inUrl.body)).not.toContain('p4ss');
    expect(JSON.stringify(plain.body)).not.toContain('abc123');

    const unknown = await call('PUT', `/imports/${id}/environments/staging/config`, { ...greenhouseConfig(), importerKey: 'nope' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/^No importer "nope"\. Known: .*greenhouse/);

    expect((await call('PUT', `/imports/${id}/environments/qa/config`, greenhouseConfig())).body.error.message).toMatch(/environment must be "staging" or "production"/);
  });
});

describe('schedules', () => {
  it('creates a paused schedule, triggers it, and the run shows up applied', async () => {
    const id = await newImport('Scheduled');
    await deployed(id);
    expect((await call('GET', `/imports/${id}/environments/production/schedule`)).status).toBe(404);

    const created = await call('POST', `/imports/${id}/environments/production/schedule`, { paused: true });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ scheduleId: `import-schedule:${id}:production`, cron: '0 6 * * *', paused: true });

    const triggered = await call('POST', `/imports/${id}/environments/production/schedule/trigger`);
    expect(triggered.status, JSON.stringify(triggered.body)).toBe(200);
    await expect.poll(async () => (await runsOf(id)).map((r) => r.status), { timeout: 30_000 }).toEqual(['applied']);
    const [run] = await runsOf(id);
    expect(run.workflowId).toMatch(new RegExp(`^import-run:${id}:production-`));
    expect(run.counts).toMatchObject({ created: stack.sites.sites.greenhouse.jobs.length, closed: 0 });
    expect(run.links.temporalUi).toContain(encodeURIComponent(run.workflowId));

    expect((await call('POST', `/imports/${id}/environments/production/schedule/resume`, {})).body.paused).toBe(false);
    expect((await call('POST', `/imports/${id}/environments/production/schedule/pause`, { note: 'client site migration' })).body).toMatchObject({ paused: true, note: 'client site migration' });

    // Backfill one day of a daily schedule: exactly one more run, with nothing new to apply.
    const backfill = await call('POST', `/imports/${id}/environments/production/schedule/backfill`, { start: '2026-01-10T00:00:00Z', end: '2026-01-11T00:00:00Z' });
    expect(backfill.status).toBe(200);
    await expect.poll(async () => (await runsOf(id)).map((r) => r.status), { timeout: 30_000 }).toEqual(['applied', 'applied']);
    expect((await runsOf(id))[0].counts).toMatchObject({ created: 0, unchanged: stack.sites.sites.greenhouse.jobs.length });

    expect((await call('DELETE', `/imports/${id}/environments/production/schedule`)).body).toEqual({ deleted: `import-schedule:${id}:production` });
  });
});

describe('quarantine and revert through the API', () => {
  it('shows the quarantined run and its alert, takes the decision, and reverts the latest applied run', async () => {
    const id = await newImport('Quarantine');
    await call('PUT', `/imports/${id}/environments/staging/config`, greenhouseConfig());
    const first = await call('POST', `/imports/${id}/environments/staging/runs`, {});
    expect(first.status).toBe(201);
    await expect.poll(async () => (await runsOf(id)).map((r) => r.status), { timeout: 30_000 }).toEqual(['applied']);

    stack.sites.sites.greenhouse.setFault({ kind: 'drop', keep: 0 });
    try {
      await call('POST', `/imports/${id}/environments/staging/runs`, {});
      await expect.poll(async () => (await runsOf(id))[0]?.status, { timeout: 30_000 }).toBe('quarantined');
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    const [quarantined] = await runsOf(id);
    expect(quarantined.checks.find((c: any) => c.check === 'minimum_count')).toMatchObject({ status: 'fail' });
    await stack.ctx.database.db.insert(dossierVersions).values({
      importId: id,
      version: 1,
      author: TEAM.developer,
      authorRole: 'developer',
      sections: { context: 'x', sources: 'x', contacts: 'x', unusualPoints: ['site down Sundays 02:00–04:00 UTC'], runBook: { minimum_count: 'Below 10 jobs: the client empties the board before republishing; wait an hour.' } },
    });
    const alerts = (await call('GET', `/imports/${id}/alerts`)).body;
    expect(alerts[0].dossier).toMatchObject({
      version: 1,
      unusualPoints: ['site down Sundays 02:00–04:00 UTC'],
      runBook: [{ key: 'minimum_count', text: 'Below 10 jobs: the client empties the board before republishing; wait an hour.' }],
      link: `/imports/${id}/dossier`,
    });
    expect(alerts[0]).toMatchObject({ kind: 'run_quarantined', runId: quarantined.id, environment: 'staging' });
    expect(alerts[0].context.links.temporalUi).toContain(encodeURIComponent(quarantined.workflowId));

    // A decision on a run that is not quarantined (the first one, applied) is refused.
    const wrong = await call('POST', `/runs/${(await runsOf(id))[1].id}/decision`, { decision: 'apply', by: 'lead.sophie' });
    expect(wrong.status).toBe(409);

    const decided = await call('POST', `/runs/${quarantined.id}/decision`, { decision: 'discard', by: 'lead.sophie', comment: 'site in maintenance' });
    expect(decided.status).toBe(200);
    // The answer shows how the run ended, not the step in between.
    expect(decided.body).toMatchObject({ phase: 'done', outcome: 'discarded', runId: quarantined.id });
    await expect.poll(async () => (await call('GET', `/runs/${quarantined.id}`)).body.status, { timeout: 30_000 }).toBe('discarded');

    const applied = (await runsOf(id))[1];
    expect((await call('POST', `/runs/${quarantined.id}/revert`, { by: 'ops.marc' })).status).toBe(409);
    const reverted = await call('POST', `/runs/${applied.id}/revert`, { by: 'ops.marc', reason: 'test' });
    expect(reverted.status).toBe(200);
    expect(reverted.body).toMatchObject({ runId: applied.id, reclosed: stack.sites.sites.greenhouse.jobs.length, alreadyReverted: false });
    // Safe to retry: a second revert changes nothing.
    const again = await call('POST', `/runs/${applied.id}/revert`, { by: 'ops.marc' });
    expect(again.body).toMatchObject({ runId: applied.id, alreadyReverted: true, reclosed: 0, restored: 0, reopened: 0 });
    expect((await call('GET', `/runs/${applied.id}`)).body.status).toBe('reverted');
  });
});
