// A worker killed mid-extraction: the extraction's heartbeat stops, Temporal times it out after 15 s and the retry runs
// on another extraction worker — the run is applied, exactly once, within seconds rather than minutes.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportRunResult } from '../contracts';
import { jobs } from '../db/schema';
import { stopChild } from '../platform/temporal-dev-server';
import { feed, makeJobs } from './support/feed-server';
import { configuredImport, startRun } from './support/runs';
import { startWorker } from './support/stack';
import { useStack } from './support/use-stack';

const root = fileURLToPath(new URL('..', import.meta.url));
// Orchestration only, in this process: the extraction goes to the worker process started below.
const stack = useStack({ worker: { roles: ['orchestration'] } });
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const until = async (what: () => boolean, timeoutMs: number, label: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('extraction failover', () => {
  it('resumes an extraction on another worker within seconds when its worker is SIGKILLed', { timeout: 120_000 }, async () => {
    // The first request hangs (its worker dies meanwhile); the next ones get the feed.
    let requests = 0;
    const body = feed(makeJobs(20, 'F'));
    const server = http.createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
      if (requests === 1) res.write(body.slice(0, 200));
      else res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;

    const env = {
      ...process.env,
      DATABASE_URL: stack.ctx.stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.ctx.stack.temporalAddress,
      TEMPORAL_NAMESPACE: stack.ctx.stack.namespace,
      TASK_QUEUE: stack.ctx.taskQueue,
      WORKER_ROLES: 'extraction',
      LOG_LEVEL: 'warn',
    };
    const doomed: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => stopChild(doomed, 5_000));
    let output = '';
    doomed.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    doomed.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => output.includes('polling task queue'), 60_000, `the extraction worker (${output})`);

    const imp = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: url } });
    const handle = await startRun(stack.ctx, imp.id);
    await until(() => requests === 1, 30_000, 'the first request');
    doomed.kill('SIGKILL');
    const killedAt = Date.now();
    const rescuer = await startWorker(stack.ctx, { roles: ['extraction'] });
    cleanups.push(() => rescuer.stop());

    const result = (await handle.result()) as ImportRunResult;
    const recoveredMs = Date.now() - killedAt;
    expect(result).toMatchObject({ outcome: 'applied', counts: { created: 20 } });
    // 15 s heartbeat timeout + 3 s before the retry, with room for a loaded machine.
    expect(recoveredMs).toBeLessThan(30_000);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
    expect(attempts).toContain(2);
    expect(await stack.ctx.database.db.select().from(jobs).where(eq(jobs.importId, imp.id))).toHaveLength(20);
    console.log(`extraction resumed and the run applied ${(recoveredMs / 1000).toFixed(1)} s after the SIGKILL`);
  });
});
