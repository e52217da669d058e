// The worker process SIGKILLed during a run's extraction, then during its apply: on a restarted worker the run
// completes exactly once — applied, each job written once, its change log without duplicates — and the job rows are
// the source's truth. The worker runs as a process of its own (apps/worker/main.ts), every role, as in production.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRunResult } from '../contracts';
import { stopChild } from '../platform/temporal-dev-server';
import { feed, makeJobs, type FeedJob } from './support/feed-server';
import { configuredImport, startRun } from './support/runs';
import { useStack } from './support/use-stack';
import { spawnWorkerProcess } from './support/worker-process';

const stack = useStack();
const workers: ChildProcess[] = [];
let server: http.Server;
let url = '';
let jobs: FeedJob[] = [];
/** While set, the next request gets the feed's first bytes and then silence (its worker is killed meanwhile). */
let hangNext = false;
/** While set, the next request waits for this promise before it gets the feed. */
let holdNext: Promise<void> | null = null;
let requests = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    requests += 1;
    const respond = () => {
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
      const body = feed(jobs);
      if (hangNext) {
        hangNext = false;
        res.write(body.slice(0, 200));
      } else res.end(body);
    };
    const held = holdNext;
    holdNext = null;
    if (held) void held.then(respond);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
});

afterAll(async () => {
  for (const worker of workers) await stopChild(worker, 5_000);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function spawnWorker(): Promise<ChildProcess> {
  const { ctx } = stack;
  const { child } = await spawnWorkerProcess({ DATABASE_URL: ctx.stack.databaseUrl, TEMPORAL_ADDRESS: ctx.stack.temporalAddress, TEMPORAL_NAMESPACE: ctx.stack.namespace, TASK_QUEUE: ctx.taskQueue });
  workers.push(child);
  return child;
}

const jobRows = async (importId: string) =>
  (await stack.ctx.database.sql<{ row: string }[]>`select external_id || '|' || (data->>'title') || '|' || status as row from jobs where import_id = ${importId} `).map((r) => r.row).sort();
const truth = (list: FeedJob[]) => list.map((j) => `${j.id}|${j.title}|open`).sort();

/** The run's change log: how many entries, over how many jobs (equal: no job written twice). */
const changesOf = async (runId: string) =>
  (await stack.ctx.database.sql<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct job_id)::int as distinct from job_changes where run_id = ${runId}`)[0];

/** How often each activity was started, from the run's history. */
async function attempts(handle: Awaited<ReturnType<typeof startRun>>): Promise<Record<string, number>> {
  const history = await handle.fetchHistory();
  const scheduled = new Map<string, string>();
  const counts: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const s = event.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(event.eventId), s.activityType?.name ?? '?');
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const name = scheduled.get(String(started.scheduledEventId)) ?? '?';
      counts[name] = Math.max(counts[name] ?? 0, started.attempt ?? 1);
    }
  }
  return counts;
}

describe('worker killed', () => {
  it('during the extraction: the run is extracted again and applied once on a restarted worker', { timeout: 60_000 }, async () => {
    jobs = makeJobs(50, 'E');
    const doomed = await spawnWorker();
    const imp = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: url } });
    hangNext = true;
    const before = requests;
    const handle = await startRun(stack.ctx, imp.id);
    while (requests === before) await sleep(50);
    doomed.kill('SIGKILL');
    await spawnWorker();
    const result = (await handle.result()) as ImportRunResult;
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: 50 } });
    expect(await attempts(handle)).toMatchObject({ extractRun: 2, checkAndApplyRun: 1 });
    expect(await jobRows(imp.id)).toEqual(truth(jobs));
    const changes = await changesOf(result.runId);
    expect(changes).toEqual({ n: 50, distinct: 50 });
  });

  it('during the apply: the transaction is rolled back with its connection, and the apply done once on a restarted worker', { timeout: 60_000 }, async () => {
    jobs = makeJobs(10_000, 'A');
    const doomed = workers.find((w) => w.exitCode === null && w.signalCode === null) ?? (await spawnWorker());
    const imp = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: url } });
    const handle = await startRun(stack.ctx, imp.id);
    // The apply holds its advisory lock (in this database) from its first statement to its commit.
    while ((await stack.ctx.database.sql`select 1 from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`).length === 0) {
      await sleep(5);
    }
    doomed.kill('SIGKILL');
    // The dead worker's transaction is rolled back when Postgres sees its connection go: nothing written meanwhile.
    await expect.poll(async () => (await jobRows(imp.id)).length, { timeout: 10_000 }).toBe(0);
    await spawnWorker();
    const result = (await handle.result()) as ImportRunResult;
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: 10_000 } });
    // Checks and apply are one activity (patch lean-run): its retry runs the checks again, then the apply.
    expect(await attempts(handle)).toMatchObject({ extractRun: 1, checkAndApplyRun: 2 });
    expect(await jobRows(imp.id)).toEqual(truth(jobs));
    const changes = await changesOf(result.runId);
    expect(changes).toEqual({ n: 10_000, distinct: 10_000 });
  });

  it('during the checks: the step is retried on another worker within seconds, not after its start-to-close', { timeout: 120_000 }, async () => {
    jobs = makeJobs(20, 'D');
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) await stopChild(w, 5_000);
    const doomed = await spawnWorker();
    const imp = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: url } });
    // The feed is held until the test has locked import_configs: the extraction has read its config by then, and the
    // run's next step (checkAndApplyRun's checks read import_configs) waits on the lock, in a query of the doomed worker.
    let release!: () => void;
    holdNext = new Promise<void>((resolve) => (release = resolve));
    const before = requests;
    const handle = await startRun(stack.ctx, imp.id);
    while (requests === before) await sleep(50);
    const locker = await stack.ctx.database.sql.reserve();
    try {
      await locker`begin`;
      await locker`lock table import_configs in access exclusive mode`;
      release();
      const waiting = async () =>
        (await stack.ctx.database.sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%import_configs%' and datname = current_database()`).length;
      await expect.poll(waiting, { timeout: 30_000, interval: 100 }).toBe(1);
      await spawnWorker();
      doomed.kill('SIGKILL');
      const killedAt = Date.now();
      await locker`commit`;
      const result = (await handle.result()) as ImportRunResult;
      const recoveredMs = Date.now() - killedAt;
      expect(result).toMatchObject({ outcome: 'applied', counts: { created: 20 } });
      expect(await attempts(handle)).toMatchObject({ extractRun: 1, checkAndApplyRun: 2 });
      // The apply's 10 s heartbeat timeout (fast-failover) and a retry 5 s later, with room for a loaded machine (before
      // the patch lean-run: checkRun, a short step, 10 s and 1 s; before db-step-heartbeat, 60 s and more).
      console.log(`checks: run resumed ${(recoveredMs / 1000).toFixed(1)} s after its worker was killed`);
      expect(recoveredMs).toBeLessThan(30_000);
    } finally {
      release();
      await locker`rollback`.catch(() => {});
      locker.release();
    }
  });
});
