// Staged records are deleted once no run can use them: finished runs older than the retention, except the last
// applied (or reverted) run of each import and environment, runs under way, and the runs those stand on.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pruneStages } from '../activities/runs/stages';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

describe('staged records', () => {
  it('are pruned for finished runs no run can use any more, and kept for the others', async () => {
    const { sql } = stack.ctx.database;
    const imp = await insertImport(stack.ctx);
    const run = async (label: string, status: string, environment: string, finishedMinutesAgo: number | null, recordsFrom: string | null = null) => {
      const id = randomUUID();
      await sql`
        insert into runs (id, import_id, environment, workflow_id, importer_key, status, started_at, finished_at, records_from_run)
        values (${id}, ${imp.id}, ${environment}, ${`import-run:${imp.id}:${label}`}, 'multiposting-xml', ${status},
          now() - make_interval(mins => ${(finishedMinutesAgo ?? 0) + 1}),
          ${finishedMinutesAgo === null ? null : sql`now() - make_interval(mins => ${finishedMinutesAgo})`}, ${recordsFrom})`;
      if (recordsFrom === null) {
        await sql`insert into run_records (run_id, seq, external_id, valid, job, content_hash, source_url)
          select ${id}, n, 'job-' || n, true, '{}'::jsonb, 'hash', 'http://127.0.0.1/feed' from generate_series(1, 3) n`;
      }
      return id;
    };
    const oldApplied = await run('old-applied', 'applied', 'production', 240);
    const stoodOn = await run('stood-on', 'applied', 'production', 180);
    const discarded = await run('discarded', 'discarded', 'production', 170);
    const failed = await run('failed', 'failed', 'production', 160);
    const latest = await run('latest', 'applied', 'production', 150);
    const recentDiscard = await run('recent-discard', 'discarded', 'production', 10);
    const quarantined = await run('quarantined', 'quarantined', 'production', null);
    const running = await run('running', 'running', 'production', null);
    await run('unchanged', 'extracted', 'production', null, stoodOn);
    const stagingLatest = await run('staging-latest', 'applied', 'staging', 300);

    // Another import's stages are not this call's business.
    expect(await pruneStages(sql, { olderThanMs: 60 * 60_000, onlyImports: [randomUUID()] })).toEqual({ runs: 0, records: 0 });
    expect(await pruneStages(sql, { olderThanMs: 60 * 60_000, onlyImports: [imp.id] })).toEqual({ runs: 3, records: 9 });

    const left = await sql<{ run_id: string }[]>`
      select distinct r.run_id from run_records r join runs u on u.id = r.run_id where u.import_id = ${imp.id}`;
    expect(left.map((r) => r.run_id).sort()).toEqual([stoodOn, latest, recentDiscard, quarantined, running, stagingLatest].sort());
    expect([oldApplied, discarded, failed].some((id) => left.some((r) => r.run_id === id))).toBe(false);
    // Runs themselves are history: all still there.
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from runs where import_id = ${imp.id}`;
    expect(count?.n).toBe(10);
  });
});
