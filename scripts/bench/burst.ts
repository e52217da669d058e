// `npm run bench -- burst <N>`: the top-of-the-hour burst. N imports, each a 20-job XML feed on 127.0.0.1, and all
// their importRun workflows started at once on the bench's own stack (one worker, or BENCH_BURST_WORKERS=2: the
// others are apps/worker/main.ts processes on the same queues). Prints runs/s from the first start to the last
// result, p50/p99 run latency, the CPU spent by every process (worker, compartments, Postgres, Temporal, extra
// workers: per run and by kind), workflow-task timeouts (from the histories and from the worker's logs), hung or
// failed runs, and job rows against N × 20. Small N only on a shared machine: the 1,000 is for a quiet one.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import proto from '@temporalio/proto';
import type { LogEntry } from '@temporalio/worker';
import { z } from 'zod';
import { runWorkflowId } from '../../contracts';
import { stopChild } from '../../platform/temporal-dev-server';
import type { importRun } from '../../workflows/import-run';
import { startFeedServer, writeFeed } from './feed';
import { cpuDelta, processTreeCpu, sampleConnections, spawnWorker } from './fleet';
import { createImport } from './import-bench';
import { startBenchStack } from './stack';

const JOBS_PER_FEED = 20;
// @temporalio/proto is CommonJS: its namespaces come through the default export under ESM.
const EventType = proto.temporal.api.enums.v1.EventType;

const settings = z
  .object({
    /** Seconds after which a run still unfinished counts as hung (the bench then stops waiting for it). */
    BENCH_BURST_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(600),
    /** Worker processes: the bench's own, plus this many minus one `apps/worker/main.ts` on the same task queues. */
    BENCH_BURST_WORKERS: z.coerce.number().int().min(1).max(4).default(1),
  })
  .parse(process.env);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export async function runBurst(count: number, log: (line: string) => void): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'liaison-burst-'));
  const server = await startFeedServer();
  const workerWarnings = { taskTimeouts: 0, taskNotFound: 0, durationExceeded: 0, other: 0 };
  const onWorkerLog = (entry: LogEntry) => {
    if (entry.level === 'WARN' || entry.level === 'ERROR') console.error(`  [worker] ${entry.level} ${entry.message.slice(0, 160)}`);
    if (/exceeded|duration/i.test(entry.message) && /workflow task/i.test(entry.message)) workerWarnings.durationExceeded += 1;
    else if (/workflow task not found/i.test(entry.message)) workerWarnings.taskNotFound += 1;
    else if (/workflow task/i.test(entry.message) && /time(d)? ?out/i.test(entry.message)) workerWarnings.taskTimeouts += 1;
    else workerWarnings.other += 1;
  };
  try {
    log(`▶ Burst: ${count} imports × ${JOBS_PER_FEED} jobs — load average before: ${load()}`);
    const stack = await startBenchStack(path.join(workDir, 'stack'), (line) => log(`  [stack] ${line}`), { onWorkerLog });
    const extraWorkers: ChildProcess[] = [];
    try {
      for (let i = 1; i < settings.BENCH_BURST_WORKERS; i++) extraWorkers.push(await spawnWorker(stack));
      const imports: string[] = [];
      for (let i = 0; i < count; i++) {
        const file = path.join(workDir, `feed-${i}.xml`);
        await writeFeed(file, { jobs: JOBS_PER_FEED, prefix: `burst${i}` });
        imports.push(await createImport(stack.database.sql, `burst-${i}`, server.serve(`burst-${i}`, file)));
      }
      log(`  ${count} imports filed; starting every run at once — load average: ${load()}`);
      const connections = sampleConnections(stack.database.sql);
      const cpuBefore = processTreeCpu();
      const first = Date.now();
      const at = new Date();
      const handles = await Promise.all(
        imports.map((importId) =>
          stack.client.workflow.start<typeof importRun>('importRun', {
            workflowId: runWorkflowId(importId, 'production', at),
            taskQueue: stack.taskQueue,
            args: [{ importId, environment: 'production', trigger: 'schedule', quarantineTimeout: '5 seconds' }],
          }),
        ),
      );
      const deadline = first + settings.BENCH_BURST_TIMEOUT_SECONDS * 1000;
      const ends = await Promise.all(
        handles.map(async (handle) => {
          const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), Math.max(0, deadline - Date.now())).unref());
          const result = handle.result().then(
            (r) => r.outcome,
            () => 'failed',
          );
          const outcome = await Promise.race([result, timeout]);
          return { outcome, endMs: Date.now() - first };
        }),
      );
      const last = Math.max(...ends.filter((e) => e.outcome !== 'hung').map((e) => e.endMs), 0);
      const cpu = cpuDelta(cpuBefore, processTreeCpu());
      const peak = await connections.stop();
      const loadAtEnd = load();
      const outcomes = ends.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.outcome]: (acc[e.outcome] ?? 0) + 1 }), {});
      const latencies = ends.filter((e) => e.outcome === 'applied').map((e) => e.endMs).sort((a, b) => a - b);

      // Workflow-task and activity timeouts as Temporal recorded them, whatever the worker logged.
      let wftTimeouts = 0;
      let activityTimeouts = 0;
      for (const handle of handles) {
        const history = await handle.fetchHistory();
        for (const event of history.events ?? []) {
          if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) wftTimeouts += 1;
          if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT) activityTimeouts += 1;
        }
      }
      const [rows] = await stack.database.sql<{ n: number }[]>`select count(*)::int as n from jobs where import_id = any(${imports}::uuid[]) and status = 'open'`;
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      log(`\n═══ Burst — ${count} imports × ${JOBS_PER_FEED} jobs, ${settings.BENCH_BURST_WORKERS} worker process(es), ${os.availableParallelism()} CPUs, ${stack.postgresVersion} ═══`);
      log(`load average (1/5/15 min): ${loadAtEnd} at the end`);
      log(`runs/s (first start → last result): ${(latencies.length / (last / 1000)).toFixed(2)}  (${latencies.length} applied in ${s(last)})`);
      log(`run latency: p50 ${s(percentile(latencies, 50))}, p99 ${s(percentile(latencies, 99))}`);
      log(`outcomes: ${JSON.stringify(outcomes)}; hung (unfinished after ${settings.BENCH_BURST_TIMEOUT_SECONDS} s): ${outcomes.hung ?? 0}`);
      log(`workflow-task timeouts: ${wftTimeouts} in the histories; worker log: ${workerWarnings.durationExceeded} "duration exceeded", ${workerWarnings.taskNotFound} "task not found", ${workerWarnings.taskTimeouts} other task timeouts (${workerWarnings.other} other warnings)`);
      log(`activity timeouts (histories): ${activityTimeouts}`);
      log(`job rows: ${rows?.n ?? 0} of ${count * JOBS_PER_FEED} expected`);
      const cpuTotal = Object.values(cpu).reduce((a, b) => a + b, 0);
      const byKind = Object.entries(cpu).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');
      log(`CPU, every process: ${cpuTotal.toFixed(1)} s = ${(cpuTotal / count).toFixed(2)} CPU-s per run (${byKind})`);
      log(`Postgres connections, peak (sampled every 0.2 s): ${peak.total} in all, ${peak.compartments} of them compartments'`);
    } finally {
      await Promise.all(extraWorkers.map((child) => stopChild(child, 10_000)));
      await stack.stop();
    }
  } finally {
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
