import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CheckResult, RunFigures } from '../activities/checks';
import { runStateQuery } from '../contracts';
import { jobs, runs } from '../db/schema';
import { type FeedJob, makeJobs, useFeedServer } from './support/feed-server';
import { configuredImport, openJobs, runToEnd, startRun } from './support/runs';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });
const feed = useFeedServer([]);

const feedImport = (checks: Record<string, unknown> = {}) => configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: feed.url }, checks });

async function runRow(runId: string) {
  const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.id, runId));
  const checks = run!.checks as CheckResult[];
  return { figures: run!.figures as unknown as RunFigures, duplicates: checks.find((c) => c.check === 'duplicates')! };
}

describe('duplicates by policy, on the real stack', () => {
  it('applies a feed listing each of its 40 jobs 15 times: one job each, the repeats counted and reported', async () => {
    const forty = makeJobs(40, 'R');
    // As the real feed does: the whole list, 15 times over.
    feed.setJobs(Array.from({ length: 15 }, () => forty).flat());
    const imp = await feedImport();

    const result = await runToEnd(stack.ctx, imp.id);
    expect(result).toMatchObject({ outcome: 'applied', counts: { records: 600, valid: 600, created: 40, updated: 0, closed: 0 } });
    expect(await openJobs(stack.ctx, imp.id)).toHaveLength(40);
    const { figures, duplicates } = await runRow(result.runId);
    expect(figures.duplicateTotals).toStrictEqual({ identical: 40, locations: 0, conflicts: 0, extraRecords: 560 });
    expect(duplicates).toMatchObject({
      status: 'pass',
      message: '40 ids repeated identically (560 extra records, one job each); no conflicting record',
      figures: { duplicatedIds: 40, identicalIds: 40, conflictingIds: 0, extraRecords: 560 },
    });

    // The next run of the same feed changes nothing.
    const again = await runToEnd(stack.ctx, imp.id);
    expect(again).toMatchObject({ outcome: 'applied', counts: { created: 0, updated: 0, unchanged: 40, closed: 0 } });
  });

  it('merges records of one id that differ only in location, and applies the first version of a conflict under the "first" policy', async () => {
    const description = '<p>Poste en agence.</p>';
    const listed: FeedJob[] = [
      { id: 'M1', title: 'Conseiller clientèle', city: 'Lyon', description },
      { id: 'M1', title: 'Conseiller clientèle', city: 'Paris', description },
      { id: 'C1', title: 'Comptable', city: 'Nantes', description },
      { id: 'C1', title: 'Contrôleur de gestion', city: 'Nantes', description },
      { id: 'U1', title: 'Unique', city: 'Lille', description },
    ];
    feed.setJobs(listed);
    // By default a conflict holds the run back for a human.
    const held = await startRun(stack.ctx, (await feedImport()).id);
    await expect.poll(async () => (await held.query(runStateQuery)).phase, { timeout: 30_000 }).toBe('quarantined');
    expect((await held.query(runStateQuery)).failedChecks).toEqual(['duplicates']);
    await held.terminate('test over');

    const imp = await feedImport({ duplicates: { policy: 'first' } });
    const result = await runToEnd(stack.ctx, imp.id);
    expect(result).toMatchObject({ outcome: 'applied', counts: { records: 5, created: 3 } });
    const { figures, duplicates } = await runRow(result.runId);
    expect(figures.duplicateTotals).toStrictEqual({ identical: 0, locations: 1, conflicts: 1, extraRecords: 2 });
    expect(duplicates.status).toBe('warn');
    expect(duplicates.message).toBe(
      '1 external id has conflicting records, the first read is applied (policy "first"): C1 (×2, differ in title); 1 id listed once per location, merged (2 extra records, one job each)',
    );
    const conflict = figures.duplicates.find((d) => d.externalId === 'C1');
    expect(conflict).toMatchObject({ kind: 'conflict', fields: ['title'], versions: [{ title: 'Comptable' }, { title: 'Contrôleur de gestion' }] });
    expect(figures.duplicates.find((d) => d.externalId === 'M1')).toMatchObject({ kind: 'locations', count: 2 });

    const applied = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id)));
    const byId = Object.fromEntries(applied.map((j) => [j.externalId, j.data as { title: string; locations: { city: string }[] }]));
    expect(byId.C1!.title).toBe('Comptable');
    // One job for both records, with the locations of each, the first read first.
    expect(byId.M1!.locations.map((l) => l.city)).toStrictEqual(['Lyon', 'Paris']);
  });
});
