import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { revertRun } from '../activities/runs/revert';
import { codeVersion } from '../activities/runs/source';
import { importConfigs, jobChanges, jobs, runs } from '../db/schema';
import { makeJobs, useFeedServer } from './support/feed-server';
import { configuredImport, openJobs, runToEnd, runActivitiesOf } from './support/runs';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });
const feed = useFeedServer(makeJobs(3));

const feedImport = () => configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: feed.url } });
const runRow = async (runId: string) => (await stack.ctx.database.db.select().from(runs).where(eq(runs.id, runId)))[0]!;
const staged = async (runId: string) => (await stack.ctx.database.sql<{ n: number }[]>`select count(*)::int as n from run_records where run_id = ${runId}`)[0]!.n;
const changes = async (runId: string) => (await stack.ctx.database.db.select().from(jobChanges).where(eq(jobChanges.runId, runId))).length;
const jobRows = (importId: string) => stack.ctx.database.db.select().from(jobs).where(eq(jobs.importId, importId)).orderBy(jobs.externalId);
const NOTHING_CHANGED = { created: 0, updated: 0, reopened: 0, closed: 0 };

describe('a re-run whose source is unchanged', () => {
  it('is skipped on a 304 (conditional GET): no extraction, no staging, no job row written, the reason recorded', async () => {
    feed.setValidators(true);
    try {
      feed.setJobs(makeJobs(4, 'E'));
      const imp = await feedImport();
      const first = await runToEnd(stack.ctx, imp.id);
      expect(first.counts).toMatchObject({ created: 4 });
      expect((await runRow(first.runId)).sourceDocuments).toEqual([expect.objectContaining({ url: feed.url, etag: expect.stringMatching(/^"[0-9a-f]{40}"$/) })]);
      const before = await jobRows(imp.id);

      const notModified = feed.notModified;
      const same = await runToEnd(stack.ctx, imp.id);
      expect(feed.notModified).toBe(notModified + 1);
      expect(same).toMatchObject({ outcome: 'applied', counts: { records: 4, valid: 4, invalid: 0, unchanged: 4, ...NOTHING_CHANGED } });
      const row = await runRow(same.runId);
      expect(row).toMatchObject({ status: 'applied', recordsFromRun: first.runId, recordsDigest: (await runRow(first.runId)).recordsDigest });
      expect(row.skipReason).toMatch(new RegExp(`^unchanged source: .* those of run ${first.runId}$`));
      expect(await staged(same.runId)).toBe(0);
      expect(await changes(same.runId)).toBe(0);
      expect(await jobRows(imp.id)).toEqual(before);

      // A chain of unchanged runs keeps pointing at the run that staged the records.
      const third = await runToEnd(stack.ctx, imp.id);
      expect(await runRow(third.runId)).toMatchObject({ recordsFromRun: first.runId, counts: expect.objectContaining({ unchanged: 4 }) });
    } finally {
      feed.setValidators(false);
    }
  });

  it('is told by its bytes when the server sends no validators: the same bytes skip, one byte changed runs in full', async () => {
    feed.setJobs(makeJobs(3, 'B'));
    const imp = await feedImport();
    const first = await runToEnd(stack.ctx, imp.id);
    const same = await runToEnd(stack.ctx, imp.id);
    expect((await runRow(same.runId)).skipReason).toMatch(/^unchanged source/);
    expect(await staged(same.runId)).toBe(0);

    const next = makeJobs(3, 'B');
    next[1] = { ...next[1]!, title: 'Chargé(e) de clientèle 3' }; // '2' → '3': one byte
    feed.setJobs(next);
    const changed = await runToEnd(stack.ctx, imp.id);
    expect(await runRow(changed.runId)).toMatchObject({ skipReason: null, recordsFromRun: null });
    expect(await staged(changed.runId)).toBe(3);
    expect(changed.counts).toMatchObject({ updated: 1, unchanged: 2, created: 0, closed: 0 });
    expect(first.counts).toMatchObject({ created: 3 });
  });

  // Seven runs, one of them waiting out its quarantine: slow on a loaded machine.
  it('runs in full when the config or the checks changed, or when the last run was not applied', { timeout: 180_000 }, async () => {
    feed.setJobs(makeJobs(3, 'C'));
    const imp = await feedImport();
    await runToEnd(stack.ctx, imp.id);
    const full = async (label: string) => {
      const result = await runToEnd(stack.ctx, imp.id, { quarantineTimeout: '1 second' });
      expect([label, (await runRow(result.runId)).skipReason], label).toEqual([label, null]);
      expect(await staged(result.runId), label).toBe(3);
      return result;
    };
    const scope = and(eq(importConfigs.importId, imp.id), eq(importConfigs.environment, 'production'));

    // Same meaning, other text: any change of the config counts.
    await stack.ctx.database.db.update(importConfigs).set({ config: { feedUrl: feed.url, itemElement: 'job' } }).where(scope);
    expect((await full('config changed')).counts).toMatchObject({ unchanged: 3, ...NOTHING_CHANGED });
    expect((await runRow((await runToEnd(stack.ctx, imp.id)).runId)).skipReason).toMatch(/^unchanged source/);

    await stack.ctx.database.db.update(importConfigs).set({ checks: { minimumCount: { min: 2 } } }).where(scope);
    await full('checks changed');

    // The last run was quarantined (0 jobs) and discarded: the next one is not compared with anything.
    feed.setJobs([]);
    expect((await runToEnd(stack.ctx, imp.id, { quarantineTimeout: '1 second' })).outcome).toBe('discarded');
    feed.setJobs(makeJobs(3, 'C'));
    expect((await full('last run discarded')).counts).toMatchObject({ unchanged: 3 });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['C1', 'C2', 'C3']);
  });

  it('applies the records of the run it stood on when that apply was reverted in the meantime', async () => {
    feed.setJobs(makeJobs(3, 'R'));
    const imp = await feedImport();
    const first = await runToEnd(stack.ctx, imp.id);
    const activities = runActivitiesOf(stack.ctx);
    const { runId } = await activities.startRun({ importId: imp.id, environment: 'production', workflowId: `test-unchanged-revert:${imp.id}` });
    expect(await new MockActivityEnvironment().run(activities.extractRun, { runId })).toEqual({ records: 3, valid: 3, invalid: 0 });
    expect(await runRow(runId)).toMatchObject({ status: 'extracted', recordsFromRun: first.runId });

    await revertRun(stack.ctx.database.sql, first.runId);
    expect(await openJobs(stack.ctx, imp.id)).toEqual([]);
    expect(await activities.checkRun({ runId })).toEqual({ passed: true, failedChecks: [] });
    expect(await activities.applyRun({ runId })).toMatchObject({ reopened: 3, created: 0, unchanged: 0 });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['R1', 'R2', 'R3']);
    expect(await runRow(runId)).toMatchObject({ status: 'applied', recordsFromRun: null });
    expect(await staged(runId)).toBe(3);
  });
});

describe('the code version', () => {
  it('changes when an importer module changes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liaison-code-'));
    try {
      const module = path.join(dir, 'importer.ts');
      await writeFile(module, 'export const importers = [];\n');
      const before = await codeVersion([module]);
      expect(await codeVersion([module])).toBe(before);
      await writeFile(module, 'export const importers = []; // edited\n');
      expect(await codeVersion([module])).not.toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
