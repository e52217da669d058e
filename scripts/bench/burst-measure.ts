// One burst of the burst bench (scripts/bench/burst.ts), measured: every importRun of the given imports started at
// once, awaited to its end or the deadline, then the histories, the runs rows and the jobs table read back.
import os from 'node:os';
import proto from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { runWorkflowId, WORKFLOW_TYPES } from '../../contracts';
import type { importRun } from '../../workflows/import-run';
import { cpuDelta, inParallel, processTreeCpu, sampleConnections, type ConnectionPeak, type CpuByKind } from './fleet';
import type { BenchStack } from './stack';

// @temporalio/proto is CommonJS: its namespaces come through the default export under ESM.
const EventType = proto.temporal.api.enums.v1.EventType;

/** Warnings of the workers, counted as they come (the worker's logger and the extra workers' stderr). */
export interface WorkerWarnings {
  taskTimeouts: number;
  taskNotFound: number;
  durationExceeded: number;
  other: number;
}

export interface BurstOptions {
  label: 'burst' | 'unchanged re-run';
  stack: BenchStack;
  imports: string[];
  jobsPerFeed: number;
  timeoutSeconds: number;
  /** Shared with the worker's log hook: the figures report what this burst added. */
  warnings: WorkerWarnings;
  workers: number;
}

export interface BurstFigures {
  label: BurstOptions['label'];
  workers: number;
  count: number;
  jobsPerFeed: number;
  timeoutSeconds: number;
  postgresVersion: string;
  applied: number;
  lastMs: number;
  runsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  outcomes: Record<string, number>;
  hung: number;
  /** Workflows that ended but left no finished run row (or whose row says otherwise). */
  lost: number;
  /** Runs that recorded "unchanged source" (no compartment). */
  unchangedSource: number;
  wftTimeouts: number;
  activityTimeouts: number;
  warnings: WorkerWarnings;
  jobRows: number;
  cpu: CpuByKind;
  peak: ConnectionPeak;
  loadStart: string;
  loadEnd: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

type Handle = WorkflowHandle<typeof importRun>;

/** Starts every run at once and waits for each to end, or for the deadline (then it counts as hung). */
async function startAndAwait(options: BurstOptions): Promise<{ handles: Handle[]; ends: { outcome: string; endMs: number }[] }> {
  const { stack, imports } = options;
  const first = Date.now();
  const at = new Date(first);
  const handles = await Promise.all(
    imports.map((importId) =>
      stack.client.workflow.start<typeof importRun>(WORKFLOW_TYPES.importRun, {
        workflowId: runWorkflowId(importId, 'production', at),
        taskQueue: stack.taskQueue,
        args: [{ importId, environment: 'production', trigger: 'schedule', quarantineTimeout: '5 seconds' }],
      }),
    ),
  );
  const deadline = first + options.timeoutSeconds * 1000;
  const ends = await Promise.all(
    handles.map(async (handle) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), Math.max(0, deadline - Date.now()));
      });
      const result = handle.result().then(
        (r) => r.outcome as string,
        () => 'failed',
      );
      const outcome = await Promise.race([result, timeout]);
      clearTimeout(timer);
      return { outcome, endMs: Date.now() - first };
    }),
  );
  return { handles, ends };
}

/** Workflow-task and activity timeouts as Temporal recorded them, whatever the workers logged. */
async function countTimeouts(handles: Handle[]): Promise<{ wftTimeouts: number; activityTimeouts: number }> {
  const counts = { wftTimeouts: 0, activityTimeouts: 0 };
  await inParallel(handles, 16, async (handle) => {
    const history = await handle.fetchHistory();
    for (const event of history.events ?? []) {
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) counts.wftTimeouts += 1;
      if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT) counts.activityTimeouts += 1;
    }
  });
  return counts;
}

/** Each ended workflow against its runs row: the row must exist and say the same outcome. */
async function runRows(options: BurstOptions, handles: Handle[], ends: { outcome: string }[]) {
  const sql = options.stack.database.sql;
  const ids = handles.map((h) => h.workflowId);
  const rows = await sql<{ workflowId: string; status: string; unchanged: boolean }[]>`
    select workflow_id as "workflowId", status, coalesce(skip_reason like 'unchanged source%', false) as unchanged
    from runs where workflow_id = any(${ids}::text[])`;
  const byWorkflow = new Map(rows.map((r) => [r.workflowId, r]));
  const lost = ends.filter((end, i) => end.outcome !== 'hung' && byWorkflow.get(ids[i]!)?.status !== end.outcome).length;
  const [jobs] = await sql<{ n: number }[]>`select count(*)::int as n from jobs where import_id = any(${options.imports}::uuid[]) and status = 'open'`;
  return { lost, unchangedSource: rows.filter((r) => r.unchanged).length, jobRows: jobs?.n ?? 0 };
}

export async function measureBurst(options: BurstOptions): Promise<BurstFigures> {
  const warningsBefore = { ...options.warnings };
  const loadStart = load();
  const connections = sampleConnections(options.stack.database.sql);
  const cpuBefore = processTreeCpu();
  const { handles, ends } = await startAndAwait(options);
  const cpu = cpuDelta(cpuBefore, processTreeCpu());
  const peak = await connections.stop();
  const loadEnd = load();
  const warnings = Object.fromEntries(Object.entries(options.warnings).map(([k, v]) => [k, v - warningsBefore[k as keyof WorkerWarnings]])) as unknown as WorkerWarnings;
  const latencies = ends.filter((e) => e.outcome === 'applied').map((e) => e.endMs).sort((a, b) => a - b);
  const lastMs = Math.max(...ends.filter((e) => e.outcome !== 'hung').map((e) => e.endMs), 0);
  const outcomes = ends.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.outcome]: (acc[e.outcome] ?? 0) + 1 }), {});
  return {
    label: options.label,
    workers: options.workers,
    count: options.imports.length,
    jobsPerFeed: options.jobsPerFeed,
    timeoutSeconds: options.timeoutSeconds,
    postgresVersion: options.stack.postgresVersion,
    applied: latencies.length,
    lastMs,
    runsPerSecond: lastMs > 0 ? latencies.length / (lastMs / 1000) : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    outcomes,
    hung: outcomes.hung ?? 0,
    ...(await countTimeouts(handles)),
    ...(await runRows(options, handles, ends)),
    warnings,
    cpu,
    peak,
    loadStart,
    loadEnd,
  };
}
