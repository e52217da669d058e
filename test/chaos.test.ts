// The short chaos run (`npm run chaos` is the long one): 20 runs on two worker processes, three of them SIGKILLed at
// seeded moments and restarted; every run ends exactly once, the jobs and the change log match the feeds' truth.
// The workers share one Postgres connection each for their compartments (EXTRACTION_DB_CONNECTIONS=1).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatChaos, runChaos } from '../scripts/bench/chaos';
import { type FeedServer, startFeedServer } from '../scripts/bench/feed';
import { useStack } from './support/use-stack';

const stack = useStack();
let feeds: FeedServer;
let workDir: string;
beforeAll(async () => {
  feeds = await startFeedServer();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'liaison-chaos-test-'));
});
afterAll(async () => {
  await feeds.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('chaos', () => {
  it('keeps every invariant while workers are SIGKILLed and restarted', { timeout: 180_000 }, async () => {
    const { ctx } = stack;
    const target = {
      databaseUrl: ctx.stack.databaseUrl,
      temporalAddress: ctx.stack.temporalAddress,
      namespace: ctx.stack.namespace,
      taskQueue: ctx.taskQueue,
      client: ctx.env.client,
      sql: ctx.database.sql,
    };
    const workerOutput: string[] = [];
    const report = await runChaos(target, feeds, workDir, {
      runs: 20,
      imports: 5,
      seed: 12,
      maxKills: 3,
      killEveryMs: [1_000, 4_000],
      restartAfterMs: [200, 1_000],
      timeoutMs: 150_000,
      workerEnv: { EXTRACTION_DB_CONNECTIONS: '1' },
      workerOutput: (line) => workerOutput.push(line),
      log: () => {},
    });
    console.log(formatChaos(report).join('\n'));
    expect(report.violations, `workers said:\n${workerOutput.slice(-40).join('\n')}`).toEqual([]);
    expect(report.runs).toHaveLength(20);
    expect(report.kills).toHaveLength(3);
    // Some runs were in flight when a worker died, and they all moved again.
    expect(report.kills.some((k) => k.inFlight > 0)).toBe(true);
    for (const kill of report.kills) if (kill.inFlight > 0) expect(kill.allProgressedMs).not.toBeNull();
    // Whatever the killed worker was running was started again elsewhere (or finished) before the deadline.
    for (const held of report.kills.flatMap((k) => k.held)) expect(held.resumedMs, `${held.activityType} of ${held.workflowId}`).not.toBeNull();
    expect(report.runs.filter((r) => r.outcome === 'applied').length).toBeGreaterThan(0);
    // Two workers, one compartment connection each.
    expect(report.connections.compartments).toBeLessThanOrEqual(2);
  });
});
