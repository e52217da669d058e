// /metrics after real runs: the counters and gauges are computed from Postgres at scrape time, so they match the
// runs table whichever process ran them.
import { describe, expect, it } from 'vitest';
import { TEAM } from './support/api';
import { incidentsOf } from './support/incidents';
import { configuredImport, runFailure, runToEnd } from './support/runs';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });

/** The value of one sample, e.g. `liaison_runs_total{environment="production",outcome="applied"}`. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name} in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

async function scrape(): Promise<string> {
  const res = await fetch(`${stack.api.base}/metrics`, { headers: { authorization: `Bearer ${stack.api.keys[TEAM.ops]}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return res.text();
}

const count = async (where: string) => (await stack.ctx.database.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from runs where ${where}`))[0]!.n;

describe('/metrics', () => {
  it('exposes runs by outcome, run durations, job changes and open incidents after runs', { timeout: 120_000 }, async () => {
    const imp = await configuredImport(stack.ctx, { importerKey: 'demo-careers', config: { ...stack.sites.sites.acme.importerConfig() } });
    expect((await runToEnd(stack.ctx, imp.id)).outcome).toBe('applied');
    stack.sites.sites.acme.setFault({ kind: 'status', status: 404 });
    await runFailure(stack.ctx, imp.id);
    stack.sites.sites.acme.setFault(null);
    await expect.poll(async () => (await incidentsOf(stack.ctx, imp.id)).length, { timeout: 30_000 }).toBe(1);

    // Other files may run imports at the same time: the figures lie between the table's before and after.
    const applied = await count(`status = 'applied' and environment = 'production'`);
    const failed = await count(`status = 'failed' and environment = 'production'`);
    const finished = await count(`finished_at is not null and environment = 'production'`);
    const text = await scrape();
    expect(sample(text, 'liaison_runs_total{environment="production",outcome="applied"}')).toBeGreaterThanOrEqual(applied);
    expect(sample(text, 'liaison_runs_total{environment="production",outcome="failed"}')).toBeGreaterThanOrEqual(failed);
    expect(sample(text, 'liaison_run_duration_seconds_count{environment="production"}')).toBeGreaterThanOrEqual(finished);
    expect(sample(text, 'liaison_run_duration_seconds_bucket{le="+Inf",environment="production"}')).toBe(sample(text, 'liaison_run_duration_seconds_count{environment="production"}'));
    expect(sample(text, 'liaison_jobs_changes_total{environment="production",change="created"}')).toBeGreaterThanOrEqual(stack.sites.sites.acme.jobs.length);
    expect(sample(text, 'liaison_open_incidents{kind="fetch_failed"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE liaison_schedule_lag_seconds gauge');

    const after = await count(`status = 'applied' and environment = 'production'`);
    expect(sample(text, 'liaison_runs_total{environment="production",outcome="applied"}')).toBeLessThanOrEqual(after);
  });

  it('refuses a scrape without an API key', async () => {
    const res = await fetch(`${stack.api.base}/metrics`);
    expect(res.status).toBe(401);
  });
});
