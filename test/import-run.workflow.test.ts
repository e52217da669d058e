import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { type WorkflowHandle, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { type StagedRecord, StageWriter } from '../activities/compartment/stage-writer';
import { applyRun, RunStateError } from '../activities/runs/apply';
import { revertRun } from '../activities/runs/revert';
import { healthStateQuery, healthWorkflowId, runDecisionUpdate, runStateQuery, SEARCH_ATTRIBUTES, type ImportRunResult, WORKFLOW_TYPES } from '../contracts';
import { alerts, jobChanges, jobs, runs } from '../db/schema';
import { makeJobs, useFeedServer } from './support/feed-server';
import { maybeRecordHistory } from './support/histories';
import { incidentsOf } from './support/incidents';
import { configuredImport, openJobs, runFailure, runToEnd, startRun, runActivitiesOf } from './support/runs';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });
const feed = useFeedServer(makeJobs(5));

const feedImport = (checks: Record<string, unknown> = {}) => configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: feed.url }, checks });

async function changesOf(runId: string) {
  const rows = await stack.ctx.database.db.select().from(jobChanges).where(eq(jobChanges.runId, runId));
  return rows.map((r) => r.op).sort();
}

describe('importRun: fetch → parse → check → apply, on the real stack', () => {
  it('creates, leaves unchanged, updates, closes and reopens jobs, logging every change', async () => {
    feed.setJobs(makeJobs(5));
    const imp = await feedImport();

    const handle = await startRun(stack.ctx, imp.id);
    const cold = (await handle.result()) as ImportRunResult;
    expect(cold).toMatchObject({ outcome: 'applied', counts: { records: 5, valid: 5, created: 5, updated: 0, unchanged: 0, closed: 0 } });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['J1', 'J2', 'J3', 'J4', 'J5']);
    expect(await changesOf(cold.runId)).toEqual(['create', 'create', 'create', 'create', 'create']);
    const [stored] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, 'J2')));
    expect(stored!.data).toMatchObject({ title: 'Chargé(e) de clientèle 2', locations: [{ city: 'Lyon', country: 'FR' }], contractType: 'permanent', contractLabel: 'CDI' });
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.RunOutcome)).toBe('applied');
    // A good run of a healthy import changes nothing in its health: no report, so no health workflow either.
    await expect(stack.ctx.env.client.workflow.getHandle(healthWorkflowId(imp.id, 'production')).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await maybeRecordHistory(handle, 'import-run-applied');

    const unchanged = await runToEnd(stack.ctx, imp.id);
    expect(unchanged.counts).toMatchObject({ created: 0, updated: 0, unchanged: 5, closed: 0 });
    expect(await changesOf(unchanged.runId)).toEqual([]);
    const [again] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, 'J2')));
    expect(again!.updatedAt).toEqual(stored!.updatedAt);

    const next = makeJobs(5).filter((j) => j.id !== 'J3');
    next[0] = { ...next[0]!, title: 'Responsable de clientèle 1' };
    next.push({ id: 'J6', title: 'Comptable', city: 'Genève' });
    feed.setJobs(next);
    const changed = await runToEnd(stack.ctx, imp.id);
    expect(changed.counts).toMatchObject({ created: 1, updated: 1, unchanged: 3, closed: 1, reopened: 0 });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['J1', 'J2', 'J4', 'J5', 'J6']);
    const [closed] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, 'J3')));
    expect(closed).toMatchObject({ status: 'closed' });
    expect(closed!.closedAt).toBeInstanceOf(Date);

    feed.setJobs([...next, makeJobs(5)[2]!]);
    const back = await runToEnd(stack.ctx, imp.id);
    expect(back.counts, JSON.stringify(back.counts)).toMatchObject({ created: 0, updated: 0, reopened: 1, closed: 0, unchanged: 5 });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['J1', 'J2', 'J3', 'J4', 'J5', 'J6']);
    // Nothing was ever deleted: six rows for six external ids.
    expect(await stack.ctx.database.db.select().from(jobs).where(eq(jobs.importId, imp.id))).toHaveLength(6);
  });

  it('applies idempotently: applying an applied run again changes nothing', async () => {
    feed.setJobs(makeJobs(3, 'I'));
    const imp = await feedImport();
    const first = await runToEnd(stack.ctx, imp.id);
    const activities = runActivitiesOf(stack.ctx);
    const again = await activities.applyRun({ runId: first.runId });
    expect(again).toEqual(first.counts);
    // A retry of checkAndApplyRun after its apply committed (its worker lost before it answered): no check run again.
    const retried = await activities.checkAndApplyRun({ runId: first.runId });
    expect(retried).toEqual({ passed: true, failedChecks: [], applied: { counts: first.counts, reportHealth: false } });
    expect(await changesOf(first.runId)).toHaveLength(3);
    expect(await stack.ctx.database.db.select().from(jobs).where(eq(jobs.importId, imp.id))).toHaveLength(3);
  });

  it('reverts the latest applied run from its change log, and refuses to revert an older one first', async () => {
    feed.setJobs(makeJobs(4, 'R'));
    const imp = await feedImport();
    const first = await runToEnd(stack.ctx, imp.id);
    const before = await stack.ctx.database.db.select().from(jobs).where(eq(jobs.importId, imp.id));

    const next = makeJobs(4, 'R').filter((j) => j.id !== 'R4');
    next[0] = { ...next[0]!, title: 'Titre modifié' };
    next.push({ id: 'R5', title: 'Nouveau poste', city: 'Lille' });
    feed.setJobs(next);
    const second = await runToEnd(stack.ctx, imp.id);
    expect(second.counts).toMatchObject({ created: 1, updated: 1, closed: 1 });

    const blocked = await stack.ctx.env.client.workflow
      .execute(WORKFLOW_TYPES.revertImportRun, { workflowId: `import-revert:${first.runId}`, taskQueue: stack.ctx.taskQueue, args: [{ runId: first.runId, by: 'ops.sam' }] })
      .catch((e: unknown) => e as Error);
    expect(String((blocked as Error & { cause?: Error & { cause?: Error } }).cause?.cause?.message)).toMatch(new RegExp(`Run ${second.runId} was applied after run ${first.runId}: revert it first`));

    const revert = await stack.ctx.env.client.workflow.start(WORKFLOW_TYPES.revertImportRun, {
      workflowId: `import-revert:${second.runId}`,
      taskQueue: stack.ctx.taskQueue,
      args: [{ runId: second.runId, by: 'ops.sam' }],
    });
    const reverted = await revert.result();
    await maybeRecordHistory(revert, 'revert-import-run');
    expect(reverted).toMatchObject({ reclosed: 1, reopened: 1, restored: 1, alreadyReverted: false });
    const after = await stack.ctx.database.db.select().from(jobs).where(eq(jobs.importId, imp.id));
    const view = (rows: typeof before) => Object.fromEntries(rows.filter((j) => j.status === 'open').map((j) => [j.externalId, [j.contentHash, j.data]]));
    // Every job open before the second run is back, byte for byte; the job it created is closed, not deleted.
    expect(view(after)).toEqual(view(before));
    expect(after.find((j) => j.externalId === 'R5')).toMatchObject({ status: 'closed' });
    const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.id, second.runId));
    expect(run!.status).toBe('reverted');
  });
});

/** The activities a workflow scheduled, in order, from its history (retries are not scheduled again). */
async function scheduledActivities(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

describe('activities per run (patch lean-run)', () => {
  it("a healthy import's good run is three activities; an unhealthy import's applied run still reports and resolves the incident", async () => {
    feed.setJobs(makeJobs(3, 'L'));
    const imp = await feedImport();
    const good = await startRun(stack.ctx, imp.id);
    expect(await good.result()).toMatchObject({ outcome: 'applied', counts: { created: 3 } });
    expect(await scheduledActivities(good)).toEqual(['startRun', 'extractRun', 'checkAndApplyRun']);

    // A run that fails for good opens an incident: the import is no longer healthy.
    feed.setStatus(404);
    try {
      await runFailure(stack.ctx, imp.id);
    } finally {
      feed.setStatus(200);
    }
    await expect.poll(async () => (await incidentsOf(stack.ctx, imp.id)).map((i) => `${i.kind}/${i.status}`), { timeout: 30_000 }).toEqual(['fetch_failed/open']);

    const recovery = await startRun(stack.ctx, imp.id);
    expect(await recovery.result()).toMatchObject({ outcome: 'applied' });
    expect(await scheduledActivities(recovery)).toEqual(['startRun', 'extractRun', 'checkAndApplyRun', 'reportRunHealth']);
    await expect.poll(async () => (await incidentsOf(stack.ctx, imp.id)).map((i) => `${i.kind}/${i.status}/${i.resolvedBy}`), { timeout: 30_000 }).toEqual(['fetch_failed/resolved/recovery']);
    const health = await stack.ctx.env.client.workflow.getHandle(healthWorkflowId(imp.id, 'production')).query(healthStateQuery);
    expect(health).toMatchObject({ consecutiveFailures: 0, open: [] });
    await maybeRecordHistory(recovery, 'import-run-applied-reported');

    // Healthy again: the next good run reports nothing.
    const next = await startRun(stack.ctx, imp.id);
    expect(await next.result()).toMatchObject({ outcome: 'applied' });
    expect(await scheduledActivities(next)).toEqual(['startRun', 'extractRun', 'checkAndApplyRun']);
  });
});

describe('quarantine', () => {
  it('holds back a run with 0 jobs: nothing applied, an alert with context, then discarded by a human', async () => {
    feed.setJobs(makeJobs(3, 'Q'));
    const imp = await feedImport();
    await runToEnd(stack.ctx, imp.id);
    feed.setJobs([]);

    const handle = await startRun(stack.ctx, imp.id);
    await expect.poll(async () => (await handle.query(runStateQuery)).phase, { timeout: 30_000 }).toBe('quarantined');
    const state = await handle.query(runStateQuery);
    expect(state.failedChecks).toContain('minimum_count');
    // The jobs online stay as they were.
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['Q1', 'Q2', 'Q3']);
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(eq(alerts.runId, state.runId!));
    expect(alert).toMatchObject({ kind: 'run_quarantined', environment: 'production' });
    expect(alert!.summary).toMatch(/minimum_count/);
    const context = alert!.context as Record<string, any>;
    expect(context.failingChecks.map((c: any) => c.check)).toContain('minimum_count');
    expect(context.pages).toEqual([{ url: feed.url, status: 200 }]);
    expect(context.links.temporalUi).toBe(`http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(handle.workflowId)}`);
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.RunOutcome)).toBe('quarantined');

    const refused = await handle.executeUpdate(runDecisionUpdate, { args: [{ decision: 'maybe' as never, by: 'dev.lucas' }] }).catch((e: unknown) => e as Error);
    expect(String((refused as Error & { cause?: Error }).cause?.message)).toMatch(/decision: must be "apply" or "discard"/);

    await handle.executeUpdate(runDecisionUpdate, { args: [{ decision: 'discard', by: 'dev.lucas' }] });
    const result = (await handle.result()) as ImportRunResult;
    expect(result.outcome).toBe('discarded');
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['Q1', 'Q2', 'Q3']);
    const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.id, result.runId));
    expect(run).toMatchObject({ status: 'discarded', decidedBy: 'dev.lucas' });
    await maybeRecordHistory(handle, 'import-run-quarantined-discarded');
  });

  it('applies a quarantined run when a human says so (duplicates: the first record wins)', async () => {
    feed.setJobs([...makeJobs(2, 'D'), { id: 'D1', title: 'Doublon', city: 'Nantes' }]);
    const imp = await feedImport();
    const handle = await startRun(stack.ctx, imp.id);
    await expect.poll(async () => (await handle.query(runStateQuery)).phase, { timeout: 30_000 }).toBe('quarantined');
    expect((await handle.query(runStateQuery)).failedChecks).toEqual(['duplicates']);

    await handle.executeUpdate(runDecisionUpdate, { args: [{ decision: 'apply', by: 'lead.ines' }] });
    const result = (await handle.result()) as ImportRunResult;
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: 2 } });
    const [d1] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, 'D1')));
    expect((d1!.data as { title: string }).title).toBe('Chargé(e) de clientèle 1');
  });

  it('fails a quarantined run whose staged records vanished when it is applied: reason, alert, incident; no job closed', async () => {
    feed.setJobs(makeJobs(3, 'V'));
    const imp = await feedImport();
    await runToEnd(stack.ctx, imp.id);
    feed.setJobs([...makeJobs(2, 'V'), { id: 'V1', title: 'Doublon', city: 'Nantes' }]);
    const handle = await startRun(stack.ctx, imp.id);
    await expect.poll(async () => (await handle.query(runStateQuery)).phase, { timeout: 30_000 }).toBe('quarantined');
    const { runId } = await handle.query(runStateQuery);
    // What a Postgres crash does to the unlogged stage.
    await stack.ctx.database.sql`delete from run_records where run_id = ${runId}`;

    await handle.executeUpdate(runDecisionUpdate, { args: [{ decision: 'apply', by: 'lead.ines' }] }).catch(() => undefined);
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toMatchObject({ type: 'RunState' });
    const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.id, runId!));
    expect(run).toMatchObject({ status: 'failed', error: { type: 'RunState', message: expect.stringMatching(/staged records of run .+ are missing \(0 of 3\): extract again/) } });
    expect(run!.finishedAt).not.toBeNull();
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.runId, runId!), eq(alerts.kind, 'run_failed')));
    expect(alert!.summary).toMatch(/^Run failed: RunState: staged records/);
    // The quarantine opened invalid_data (duplicates); the failure opens its own.
    await expect.poll(async () => (await stack.ctx.database.sql`select kind from incidents where import_id = ${imp.id}`).map((r) => r.kind).sort(), { timeout: 30_000 }).toEqual(['fetch_failed', 'invalid_data']);
    // The jobs of the last good run are all still open: nothing closed by a run that could not be applied.
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['V1', 'V2', 'V3']);
    await maybeRecordHistory(handle, 'import-run-apply-failed');
  });

  it('discards itself when nobody decides in time', async () => {
    feed.setJobs([]);
    const imp = await feedImport();
    const result = await runToEnd(stack.ctx, imp.id, { quarantineTimeout: '2 seconds' });
    expect(result.outcome).toBe('discarded');
    const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.id, result.runId));
    expect(run).toMatchObject({ status: 'discarded', decidedBy: 'quarantine timeout' });
  });

  it('lets an import declare that 0 jobs is possible', async () => {
    feed.setJobs([]);
    const imp = await feedImport({ minimumCount: { allowEmpty: true } });
    expect((await runToEnd(stack.ctx, imp.id)).outcome).toBe('applied');
  });
});

describe('failures', () => {
  it('fails without retry on a permanent HTTP error, with an alert naming the URL and status', async () => {
    const imp = await feedImport();
    feed.setStatus(404);
    try {
      const { cause } = await runFailure(stack.ctx, imp.id);
      expect(cause.type).toBe('HttpStatus');
      expect(cause.message).toMatch(/404/);
    } finally {
      feed.setStatus(200);
    }
    const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.importId, imp.id), eq(alerts.kind, 'run_failed')));
    const context = alert!.context as Record<string, any>;
    expect(context.error).toMatchObject({ type: 'HttpStatus', url: feed.url, status: 404, retryable: false });
    expect(await openJobs(stack.ctx, imp.id)).toEqual([]);
  });

  it('fails when the import has no configuration for the environment', async () => {
    const imp = await feedImport();
    const handle = await startRun(stack.ctx, imp.id, { environment: 'staging' });
    const error = (await handle.result().catch((e: unknown) => e)) as Error & { cause?: Error & { cause?: Error & { type?: string } } };
    // WorkflowFailedError ← ActivityFailure ← ApplicationFailure
    expect(error.cause?.cause).toMatchObject({ type: 'ImportNotConfigured', message: `Import ${imp.id} has no staging configuration` });
  });
});

/** A run row of a fresh import, as startRun files it, for the staging and apply tests below. */
async function bareRun(): Promise<{ importId: string; runId: string }> {
  const imp = await insertImport(stack.ctx, { kind: 'xml' });
  const runId = randomUUID();
  await stack.ctx.database.sql`insert into runs (id, import_id, environment, workflow_id, importer_key) values (${runId}, ${imp.id}, 'production', ${`test-run:${runId}`}, 'multiposting-xml')`;
  return { importId: imp.id, runId };
}

const record = (seq: number, externalId = `S${seq}`): StagedRecord => ({
  seq,
  externalId,
  valid: true,
  job: { externalId, title: `Poste ${seq}`, description: '<p>Tab\there, backslash \\ and a newline\n</p>' },
  contentHash: `${seq}`.padStart(64, '0'),
  raw: null,
  errors: null,
  sourceUrl: 'https://example.fr/feed.xml',
});

const stagedCount = async (runId: string) => (await stack.ctx.database.sql<{ n: number }[]>`select count(*)::int as n from run_records where run_id = ${runId}`)[0]!.n;

describe('staging', () => {
  it('writes the records through one COPY as they come, escaped, counted and digested in order', async () => {
    const { runId } = await bareRun();
    const one = postgres(stack.ctx.stack.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const writer = new StageWriter(one, runId, 100);
      await writer.clear();
      for (let seq = 1; seq <= 2_500; seq += 1) await writer.add(record(seq));
      await writer.finish();
      expect({ records: writer.records, valid: writer.valid }).toEqual({ records: 2_500, valid: 2_500 });
      const [last] = await stack.ctx.database.sql<{ seq: number; job: { description: string } }[]>`select seq, job from run_records where run_id = ${runId} order by seq desc limit 1`;
      expect(last).toEqual({ seq: 2_500, job: expect.objectContaining({ description: '<p>Tab\there, backslash \\ and a newline\n</p>' }) });

      // A retried extraction starts from an empty stage; the same records give the same digest, other ones another.
      const again = new StageWriter(one, runId, 7);
      await again.clear();
      expect(await stagedCount(runId)).toBe(0);
      for (let seq = 1; seq <= 2_500; seq += 1) await again.add(record(seq));
      await again.finish();
      expect(again.digest).toBe(writer.digest);
      const other = new StageWriter(one, runId, 100);
      await other.clear();
      for (let seq = 1; seq <= 2_500; seq += 1) await other.add(seq === 1_000 ? { ...record(seq), contentHash: 'f'.repeat(64) } : record(seq));
      await other.finish();
      expect(other.digest).not.toBe(writer.digest);
    } finally {
      await one.end();
    }
  });

  it('fails on a row Postgres refuses, in the middle or at the very end, instead of hanging or losing it', async () => {
    const { runId } = await bareRun();
    const one = postgres(stack.ctx.stack.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const middle = new StageWriter(one, runId, 10);
      await middle.clear();
      const adding = (async () => {
        for (let seq = 1; seq <= 20_000; seq += 1) await middle.add(seq === 5 ? record(seq, 'nul\u0000byte') : record(seq));
        await middle.finish();
      })();
      await expect(adding).rejects.toThrow(/0x00|invalid byte sequence/);

      // On the last rows, Postgres answers after the stream ended (postgres.js drops that error): the count tells.
      const end = new StageWriter(one, runId, 1_000);
      await end.clear();
      for (let seq = 1; seq <= 50; seq += 1) await end.add(seq === 50 ? record(seq, 'nul\u0000byte') : record(seq));
      await expect(end.finish()).rejects.toThrow(`Staging run ${runId} lost records: 0 of 50 are in run_records`);
      expect(() => end.digest).toThrow(/finish/);
      expect((await one`select 1 as ok`)[0]).toEqual({ ok: 1 });
    } finally {
      await one.end();
    }
  });

  it('never leaves a COPY open when an extraction stops: in a transaction (importer try) or on abort()', async () => {
    const { runId } = await bareRun();
    const failure = await stack.ctx.database.sql
      .begin(async (tx) => {
        const writer = new StageWriter(tx as unknown as postgres.Sql, runId, 10);
        for (let seq = 1; seq <= 25; seq += 1) await writer.add(record(seq));
        throw new Error('the importer broke');
      })
      .catch((err: unknown) => err as Error);
    // The importer's error, not postgres.js refusing the rollback during a COPY; and the rollback took the rows.
    expect(failure.message).toBe('the importer broke');
    expect(await stagedCount(runId)).toBe(0);

    const one = postgres(stack.ctx.stack.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const writer = new StageWriter(one, runId, 10);
      for (let seq = 1; seq <= 25; seq += 1) await writer.add(record(seq));
      writer.abort();
      const started = Date.now();
      expect((await one`select 1 as ok`)[0]).toEqual({ ok: 1 });
      expect(Date.now() - started).toBeLessThan(500);
      expect(await stagedCount(runId)).toBe(0);
    } finally {
      await one.end();
    }
  });
});

describe('apply safeguards', () => {
  it('refuses a run whose staged records are missing, and changes no job', async () => {
    const { importId, runId } = await bareRun();
    const one = postgres(stack.ctx.stack.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const writer = new StageWriter(one, runId, 100);
      for (let seq = 1; seq <= 3; seq += 1) await writer.add(record(seq));
      await writer.finish();
    } finally {
      await one.end();
    }
    await stack.ctx.database.sql`update runs set status = 'extracted', complete = true, counts = ${JSON.stringify({ records: 4, valid: 4, invalid: 0 })}::jsonb where id = ${runId}`;
    const refused = await applyRun(stack.ctx.database.sql, runId).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RunStateError);
    expect((refused as Error).message).toBe(`staged records of run ${runId} are missing (3 of 4): extract again`);
    expect(await openJobs(stack.ctx, importId)).toEqual([]);
    const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe('extracted');
  });

  it('records when the apply ended, not when its transaction began', async () => {
    feed.setJobs(makeJobs(3, 'T'));
    const imp = await feedImport();
    const { runId } = await runToEnd(stack.ctx, imp.id);
    const [row] = await stack.ctx.database.sql<{ ended_after_changes: boolean }[]>`
      select r.finished_at > max(c.at) as ended_after_changes from runs r join job_changes c on c.run_id = r.id where r.id = ${runId} group by r.finished_at`;
    expect(row).toEqual({ ended_after_changes: true });
  });
});

describe('unchanged re-runs', () => {
  it('skip the diff only while the run with the same records is the apply in force', async () => {
    feed.setJobs(makeJobs(3, 'U'));
    const imp = await feedImport();
    const first = await runToEnd(stack.ctx, imp.id);
    expect(first.counts).toMatchObject({ created: 3 });
    const digestOf = async (runId: string) => (await stack.ctx.database.db.select().from(runs).where(eq(runs.id, runId)))[0]!.recordsDigest;
    expect(await digestOf(first.runId)).toMatch(/^[0-9a-f]{64}$/);

    // The proof that the diff was skipped: a job altered behind the runs' back without touching updated_at is
    // not repaired (the full diff would update it). The skip trusts updated_at to show out-of-band changes.
    await stack.ctx.database.sql`update jobs set content_hash = 'altered' where import_id = ${imp.id} and external_id = 'U1'`;
    const same = await runToEnd(stack.ctx, imp.id);
    expect(same.counts).toMatchObject({ records: 3, valid: 3, created: 0, updated: 0, reopened: 0, closed: 0, unchanged: 3 });
    expect(await digestOf(same.runId)).toBe(await digestOf(first.runId));
    expect(await changesOf(same.runId)).toEqual([]);
    const [altered] = await stack.ctx.database.db.select().from(jobs).where(and(eq(jobs.importId, imp.id), eq(jobs.externalId, 'U1')));
    expect(altered!.contentHash).toBe('altered');

    // A change that shows (a staging teardown closes jobs and sets updated_at): the next run diffs and repairs all.
    await stack.ctx.database.sql`update jobs set status = 'closed', closed_at = now(), updated_at = now() where import_id = ${imp.id}`;
    const repaired = await runToEnd(stack.ctx, imp.id);
    expect(repaired.counts).toMatchObject({ created: 0, reopened: 3, unchanged: 0 });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['U1', 'U2', 'U3']);

    // A reverted apply is no longer in force: the same records are applied again.
    await revertRun(stack.ctx.database.sql, repaired.runId);
    expect(await openJobs(stack.ctx, imp.id)).toEqual([]);
    const reapplied = await runToEnd(stack.ctx, imp.id);
    expect(reapplied.counts).toMatchObject({ reopened: 3, unchanged: 0 });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['U1', 'U2', 'U3']);

    // And a run with other records is diffed as always.
    feed.setJobs(makeJobs(2, 'U'));
    const shrunk = await runToEnd(stack.ctx, imp.id);
    expect(shrunk.counts).toMatchObject({ closed: 1, unchanged: 2 });
    expect(await openJobs(stack.ctx, imp.id)).toEqual(['U1', 'U2']);
  });
});
