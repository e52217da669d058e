// Postgres faults on a real server of this file's own (an embedded cluster in a temporary folder — never the shared
// one): frozen (SIGSTOP of every Postgres process), /ready answers within 2 s naming the database; killed (kill -9 of
// the postmaster) during a run's apply and restarted, the run ends `failed` with the reason and an incident, the jobs
// are exactly those before the run (no half-applied transaction), a re-run makes them the source's truth — and the
// worker process, whose connections died under it mid-transaction, is still running.
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRunResult } from '../contracts';
import { applyMigrations } from '../db/migrate';
import { connectDatabase, type DatabaseHandle } from '../db/client';
import { startEmbeddedPostgres, type RunningPostgres } from '../platform/embedded-postgres';
import { freePort } from '../platform/ports';
import { stopChild } from '../platform/temporal-dev-server';
import { startApi, type TestApi } from './support/api';
import { makeJobs, startFeedServer, type FeedJob } from './support/feed-server';
import { incidentsOf } from './support/incidents';
import { configuredImport, startRun } from './support/runs';
import { connectTestStack, type TestContext } from './support/stack';
import { spawnWorkerProcess } from './support/worker-process';

let shared: TestContext;
/** The test context pointed at this file's own Postgres. */
let ctx: TestContext;
let own: DatabaseHandle;
let pg: RunningPostgres;
let dataDir: string;
let port: number;
let worker: ChildProcess;
let workerOutput: () => string = () => '';
let api: TestApi;
let feed: Awaited<ReturnType<typeof startFeedServer>>;

/** The postmaster's pid, from the cluster's lock file (first line). */
const postmasterPid = async () => Number((await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);

/** The postmaster and its children (backends, checkpointer, …), from /proc. */
async function postgresPids(): Promise<number[]> {
  const master = await postmasterPid();
  const pids = [master];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 (after the command in parentheses) is the parent pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === master) pids.push(Number(entry));
  }
  return pids;
}

async function startOwnPostgres(): Promise<RunningPostgres> {
  // After a kill -9 the old backends take a moment to notice and leave the shared memory: retry the start.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ dataDir, port, database: 'liaison' });
    } catch (err) {
      if (attempt >= 20) throw err;
      await sleep(500);
    }
  }
}

beforeAll(async () => {
  shared = await connectTestStack();
  dataDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'liaison-faults-')), 'pg');
  port = await freePort();
  pg = await startOwnPostgres();
  await applyMigrations(pg.url);
  own = connectDatabase(pg.url, { max: 3 });
  ctx = { ...shared, database: own, stack: { ...shared.stack, databaseUrl: pg.url } };
  feed = await startFeedServer(makeJobs(3_000, 'A'));
  // The worker in a process of its own, as in production: the test proves it survives its database dying.
  const started = await spawnWorkerProcess({ DATABASE_URL: pg.url, TEMPORAL_ADDRESS: shared.stack.temporalAddress, TEMPORAL_NAMESPACE: shared.stack.namespace, TASK_QUEUE: shared.taskQueue });
  worker = started.child;
  workerOutput = started.output;
  api = await startApi(ctx);
});

afterAll(async () => {
  // A test that failed while Postgres was stopped must not leave it frozen.
  for (const pid of await postgresPids().catch(() => [])) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // gone already
    }
  }
  await api?.close();
  if (worker) await stopChild(worker, 10_000);
  await feed?.close();
  await own?.close();
  await pg?.stop();
  await shared?.close();
  if (dataDir) await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
});

const jobsOf = async (importId: string) =>
  (await own.sql<{ external_id: string; title: string; status: string }[]>`select external_id, data->>'title' as title, status from jobs where import_id = ${importId} and environment = 'production' order by external_id`).map(
    (j) => `${j.external_id}|${j.title}|${j.status}`,
  );
const truth = (list: FeedJob[], closed: FeedJob[] = []) =>
  [...list.map((j) => `${j.id}|${j.title}|open`), ...closed.map((j) => `${j.id}|${j.title}|closed`)].sort((a, b) => (a.split('|')[0]! < b.split('|')[0]! ? -1 : 1));

describe('Postgres faults', () => {
  it('frozen (SIGSTOP): /ready answers 503 within 2 s naming the database, and 200 again once it runs', { timeout: 60_000 }, async () => {
    expect((await api.call('GET', '/ready')).status).toBe(200);
    const pids = await postgresPids();
    expect(pids.length).toBeGreaterThan(1);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      const started = performance.now();
      const ready = await api.call('GET', '/ready');
      const ms = performance.now() - started;
      expect([ready.status, ready.body.failing]).toEqual([503, ['postgres']]);
      expect(ms).toBeLessThanOrEqual(2_000);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    await expect.poll(async () => (await api.call('GET', '/ready')).status, { timeout: 15_000 }).toBe(200);
  });

  it('killed (kill -9) during an apply and restarted: the run fails with the reason and an incident, nothing half-applied, a re-run applies the truth', { timeout: 120_000 }, async () => {
    const v1 = makeJobs(3_000, 'A');
    feed.setJobs(v1);
    const imp = await configuredImport(ctx, { importerKey: 'multiposting-xml', config: { feedUrl: feed.url } });
    expect(((await (await startRun(ctx, imp.id)).result()) as ImportRunResult).outcome).toBe('applied');
    expect(await jobsOf(imp.id)).toEqual(truth(v1));

    // The source changes every title, drops 500 jobs and adds 500: an apply with work on every row.
    const v2 = [...v1.slice(500).map((j) => ({ ...j, title: `${j.title} (v2)` })), ...makeJobs(500, 'B')];
    feed.setJobs(v2);
    // Hold the apply mid-transaction, so the kill cannot come after its commit however slow the machine is: a
    // transaction of the test's own holds a SHARE lock on `jobs` (reads pass, writes wait). Once the apply holds its
    // advisory lock and waits on `jobs`, it has begun and cannot have committed.
    const probe = connectDatabase(pg.url, { max: 2 });
    const holder = await probe.sql.reserve();
    await holder`begin`;
    await holder`lock table jobs in share mode`;
    const handle = await startRun(ctx, imp.id);
    const deadline = Date.now() + 60_000;
    const applyWaiting = async () =>
      (await probe.sql`select 1 from pg_locks where locktype = 'advisory' and granted`).length > 0 &&
      (await probe.sql`select 1 from pg_locks where relation = 'jobs'::regclass and not granted`).length > 0;
    while (!(await applyWaiting())) {
      if (Date.now() > deadline) throw new Error('the apply never started');
      await sleep(5);
    }
    // The whole server at once, as a crash of its machine would: killing the postmaster alone leaves its backends
    // running until they notice, and the apply's backend, freed by the holder's rollback below, could still commit.
    for (const pid of await postgresPids()) process.kill(pid, 'SIGKILL');
    holder.release();
    await probe.close().catch(() => undefined);
    await sleep(1_000);
    pg = await startOwnPostgres();
    // The run ends failed either way: the workflow fails, or (when the apply's failure reaches it as a result) returns
    // a `failed` outcome. Never `applied`. The run row below says why.
    const ended = await handle.result().then((r) => (r as ImportRunResult).outcome, (e: unknown) => (e instanceof WorkflowFailedError ? 'workflow failed' : e));
    expect(['workflow failed', 'failed']).toContain(ended);
    const [run] = await own.sql<{ status: string; error: { type: string; message: string } }[]>`select status, error from runs where workflow_id = ${handle.workflowId}`;
    expect(run).toMatchObject({ status: 'failed', error: { type: 'RunState', message: expect.stringMatching(/staged records of run .+ are missing \(0 of 3000\): extract again/) } });
    await expect.poll(async () => (await incidentsOf(ctx, imp.id)).map((i) => `${i.kind}/${i.status}`), { timeout: 30_000 }).toEqual([expect.stringMatching(/\/open$/)]);
    // One transaction: all of it or none. None here — the jobs are those of the first run.
    expect(await jobsOf(imp.id)).toEqual(truth(v1));
    expect((await own.sql`select count(*)::int as n from job_changes c join runs r on r.id = c.run_id where r.workflow_id = ${handle.workflowId}`)[0]!.n).toBe(0);
    // The worker's connections died mid-transaction: it kept running (platform/postgres-guard.ts).
    expect(worker.exitCode, workerOutput()).toBeNull();

    const rerun = (await (await startRun(ctx, imp.id)).result()) as ImportRunResult;
    expect(rerun).toMatchObject({ outcome: 'applied', counts: { created: 500, updated: 2_500, closed: 500 } });
    expect(await jobsOf(imp.id)).toEqual(truth(v2, v1.slice(0, 500)));
    expect(worker.exitCode).toBeNull();
  });
});
