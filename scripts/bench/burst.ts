// `npm run bench -- burst [N]`: the top-of-the-hour burst (issue 12). N imports (1,000 by default), each a 20-job XML
// feed on 127.0.0.1, and all their importRun workflows started at once on the bench's own stack; then the same N
// started again with the feeds unchanged (the re-run burst: no compartment, "unchanged source"). Prints, per burst,
// runs/s from the first start to the last result, p50/p99 run latency, the CPU of every process (worker,
// compartments, Postgres, Temporal, extra workers: per run and by kind), workflow-task timeouts (histories and the
// worker's logs), hung and lost runs, job rows against N × 20, then the issue's targets met or not.
// BENCH_BURST_WORKERS=2 runs it on two worker processes; `1,2` runs both, one fresh stack each, figures side by side.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { stopChild } from '../../platform/temporal-dev-server';
import { startFeedServer, writeFeed, type FeedServer } from './feed';
import { inParallel, spawnWorker } from './fleet';
import { createImport } from './import-bench';
import { formatTargets, table, type Target } from './report';
import { startBenchStack, type BenchStack } from './stack';
import { measureBurst, type BurstFigures, type WorkerWarnings } from './burst-measure';

const JOBS_PER_FEED = 20;
const TARGET_RUNS_PER_S = 20;
const TARGET_UNCHANGED_RUNS_PER_S = 50;

const settings = z
  .object({
    /** Seconds after which a run still unfinished counts as hung; unset: 600 s, or 2 s per run when N is larger. */
    BENCH_BURST_TIMEOUT_SECONDS: z.coerce.number().int().min(10).optional(),
    /** Worker processes, or a comma-separated list of counts to run one after the other (each on a fresh stack). */
    BENCH_BURST_WORKERS: z
      .string()
      .default('1')
      .transform((text, ctx) => {
        const counts = text.split(',').map((part) => Number(part.trim()));
        if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 4)) {
          ctx.addIssue({ code: 'custom', message: `BENCH_BURST_WORKERS: "${text}" is not a list of worker counts from 1 to 4 (e.g. "1" or "1,2")` });
        }
        return counts;
      }),
  })
  .parse(process.env);

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** N feeds on the fixture server and N imports reading them, filed 16 at a time. */
async function fileImports(stack: BenchStack, server: FeedServer, workDir: string, count: number): Promise<string[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return inParallel(indexes, 16, async (i) => {
    const file = path.join(workDir, `feed-${i}.xml`);
    await writeFeed(file, { jobs: JOBS_PER_FEED, prefix: `burst${i}` });
    return createImport(stack.database.sql, `burst-${i}`, server.serve(`burst-${i}`, file));
  });
}

/** One worker configuration: a fresh stack, the cold burst, then the unchanged re-run burst of the same imports. */
async function burstOnStack(count: number, workers: number, workDir: string, log: (line: string) => void): Promise<BurstFigures[]> {
  const server = await startFeedServer();
  const warnings: WorkerWarnings = { taskTimeouts: 0, taskNotFound: 0, durationExceeded: 0, other: 0 };
  const timeoutSeconds = settings.BENCH_BURST_TIMEOUT_SECONDS ?? Math.max(600, 2 * count);
  try {
    const stack = await startBenchStack(path.join(workDir, `stack-${workers}`), (line) => log(`  [stack] ${line}`), {
      onWorkerLog: (entry) => countWarning(warnings, entry.level, entry.message),
    });
    const extraWorkers: ChildProcess[] = [];
    try {
      for (let i = 1; i < workers; i++) {
        // The extra workers' core warnings reach their stderr: counted the same way.
        extraWorkers.push(await spawnWorker(stack, { onOutput: (line) => countWarning(warnings, /WARN|ERROR/.test(line) ? 'WARN' : 'INFO', line) }));
      }
      const started = Date.now();
      const imports = await fileImports(stack, server, workDir, count);
      log(`  ${count} imports and feeds filed in ${((Date.now() - started) / 1000).toFixed(1)} s; starting every run at once — load average: ${load()}`);
      const common = { stack, imports, jobsPerFeed: JOBS_PER_FEED, timeoutSeconds, warnings, workers };
      const cold = await measureBurst({ ...common, label: 'burst' });
      log(formatBurst(cold));
      log(`  re-running the same ${count} imports, feeds unchanged — load average: ${load()}`);
      const unchanged = await measureBurst({ ...common, label: 'unchanged re-run' });
      log(formatBurst(unchanged));
      return [cold, unchanged];
    } finally {
      await Promise.all(extraWorkers.map((child) => stopChild(child, 10_000)));
      await stack.stop();
    }
  } finally {
    await server.close();
  }
}

/** Sorts the worker's warnings: the issue counts workflow tasks that timed out or vanished. */
function countWarning(warnings: WorkerWarnings, level: string, message: string): void {
  if (level !== 'WARN' && level !== 'ERROR') return;
  console.error(`  [worker] ${level} ${message.slice(0, 160)}`);
  if (/exceeded|duration/i.test(message) && /workflow task/i.test(message)) warnings.durationExceeded += 1;
  else if (/task not found/i.test(message)) warnings.taskNotFound += 1;
  else if (/workflow task/i.test(message) && /time(d)? ?out/i.test(message)) warnings.taskTimeouts += 1;
  else warnings.other += 1;
}

export async function runBurst(count: number, log: (line: string) => void): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'liaison-burst-'));
  try {
    const all: BurstFigures[] = [];
    for (const workers of settings.BENCH_BURST_WORKERS) {
      log(`▶ Burst: ${count} imports × ${JOBS_PER_FEED} jobs on ${workers} worker process(es) — load average before: ${load()}`);
      all.push(...(await burstOnStack(count, workers, workDir, log)));
    }
    log(`\n═══ Burst — ${count} imports × ${JOBS_PER_FEED} jobs, ${os.availableParallelism()} CPUs ═══`);
    log(formatSideBySide(all));
    log('');
    log(formatTargets(all.flatMap(burstTargets)));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cpuPerRun = (f: BurstFigures, kinds?: string[]) =>
  Object.entries(f.cpu)
    .filter(([kind]) => !kinds || kinds.includes(kind))
    .reduce((a, [, v]) => a + v, 0) / f.count;
const ORCHESTRATION = ['worker', 'worker processes', 'temporal', 'postgres'];
/** As the histories record them, or as the workers saw them ("task not found" when completing one that timed out). */
const taskTimeouts = (f: BurstFigures) => Math.max(f.wftTimeouts, f.warnings.taskTimeouts + f.warnings.taskNotFound);

/** One burst's figures, as printed when it ends. */
export function formatBurst(f: BurstFigures): string {
  const byKind = Object.entries(f.cpu)
    .filter(([, v]) => v >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(1)} s (${(v / f.count).toFixed(3)}/run)`)
    .join(', ');
  return [
    `── ${f.label}, ${f.workers} worker process(es), ${f.postgresVersion}; load average ${f.loadStart} → ${f.loadEnd}`,
    `runs/s (first start → last result): ${f.runsPerSecond.toFixed(2)}  (${f.applied} applied in ${s(f.lastMs)}); latency p50 ${s(f.p50Ms)}, p99 ${s(f.p99Ms)}`,
    `outcomes: ${JSON.stringify(f.outcomes)}; hung (unfinished after ${f.timeoutSeconds} s): ${f.hung}; lost (no run row, or two): ${f.lost}; unchanged source: ${f.unchangedSource}`,
    `workflow-task timeouts: ${f.wftTimeouts} in the histories; worker log: ${f.warnings.durationExceeded} "duration exceeded", ${f.warnings.taskNotFound} "task not found", ${f.warnings.taskTimeouts} other task timeouts (${f.warnings.other} other warnings); activity timeouts: ${f.activityTimeouts}`,
    `job rows: ${f.jobRows} of ${f.count * f.jobsPerFeed} expected; Postgres connections, peak: ${f.peak.total} (${f.peak.compartments} compartments')`,
    `CPU, every process: ${(cpuPerRun(f) * f.count).toFixed(1)} s = ${cpuPerRun(f).toFixed(3)} CPU-s per run, orchestration (worker + Temporal + Postgres) ${cpuPerRun(f, ORCHESTRATION).toFixed(3)}: ${byKind}`,
  ].join('\n');
}

function formatSideBySide(all: BurstFigures[]): string {
  const kinds = [...new Set(all.flatMap((f) => Object.keys(f.cpu)))].filter((k) => all.some((f) => (f.cpu[k] ?? 0) >= 0.05)).sort();
  const rows: [string, (f: BurstFigures) => string][] = [
    ['runs/s', (f) => f.runsPerSecond.toFixed(2)],
    ['p50 / p99', (f) => `${s(f.p50Ms)} / ${s(f.p99Ms)}`],
    ['applied / hung / lost', (f) => `${f.applied} / ${f.hung} / ${f.lost}`],
    ['workflow-task timeouts', (f) => String(taskTimeouts(f))],
    ['job rows', (f) => `${f.jobRows} / ${f.count * f.jobsPerFeed}`],
    ['CPU-s per run, all', (f) => cpuPerRun(f).toFixed(3)],
    ['  orchestration (worker+temporal+pg)', (f) => cpuPerRun(f, ORCHESTRATION).toFixed(3)],
    ...kinds.map((k): [string, (f: BurstFigures) => string] => [`  ${k}`, (f) => ((f.cpu[k] ?? 0) / f.count).toFixed(3)]),
    ['peak connections (compartments)', (f) => `${f.peak.total} (${f.peak.compartments})`],
    ['1-min load, start → end', (f) => `${f.loadStart.split(' ')[0]} → ${f.loadEnd.split(' ')[0]}`],
  ];
  return table(['', ...all.map((f) => `${f.label}, ${f.workers}w`)], rows.map(([name, get]) => [name, ...all.map(get)]));
}

/** The issue's targets for one burst. */
export function burstTargets(f: BurstFigures): Target[] {
  const who = `${f.label} (${f.workers} worker${f.workers > 1 ? 's' : ''})`;
  const minimum = f.label === 'burst' ? TARGET_RUNS_PER_S : TARGET_UNCHANGED_RUNS_PER_S;
  const timeouts = taskTimeouts(f);
  const expected = f.count * f.jobsPerFeed;
  const targets: Target[] = [
    { name: `${who}: runs/s`, value: f.runsPerSecond, shown: f.runsPerSecond.toFixed(2), target: `≥ ${minimum}`, met: f.runsPerSecond >= minimum },
    { name: `${who}: workflow-task timeouts`, value: timeouts, shown: String(timeouts), target: '0', met: timeouts === 0 },
    { name: `${who}: hung or lost runs`, value: f.hung + f.lost, shown: `${f.hung} hung, ${f.lost} lost`, target: '0', met: f.hung + f.lost === 0 },
    { name: `${who}: job rows`, value: f.jobRows, shown: String(f.jobRows), target: `= ${expected}`, met: f.jobRows === expected },
  ];
  if (f.label !== 'burst') {
    targets.push({ name: `${who}: runs on unchanged source`, value: f.unchangedSource, shown: String(f.unchangedSource), target: `= ${f.count}`, met: f.unchangedSource === f.count });
  }
  return targets;
}
