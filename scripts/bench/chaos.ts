// Chaos: runs on worker processes that get SIGKILLed at random moments (seeded) and restarted, then the invariants.
// Imports run their rounds one after another (a round's feed differs from the last: chaos-truth.ts), all imports at
// once; meanwhile a worker picked at random is killed, restarted after a moment, and the time until every run in
// flight at the kill moved again is measured. At the end: every run ended exactly once, job rows equal the feeds'
// truth, one job_changes row per real change, no run row without its workflow. `npm run chaos` and test/chaos.test.ts.
import type { ChildProcess } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import { runWorkflowId, WORKFLOW_TYPES } from '../../contracts';
import type { importRun } from '../../workflows/import-run';
import { type ChangeCounts, ImportTruth, roundSpec, roundVariant, totalChanges } from './chaos-truth';
import { checkInvariants, type StartedRun } from './chaos-invariants';
import { heldBy, type HeldActivity, signatures, watchHeld, watchProgress } from './chaos-watch';
import { type FeedServer, writeFeed } from './feed';
import { type ConnectionPeak, type FleetTarget, sampleConnections, spawnWorker, type WorkerProcessOptions } from './fleet';
import { createImport } from './import-bench';

export interface ChaosTarget extends FleetTarget {
  client: Client;
  sql: postgres.Sql;
}

export interface ChaosOptions {
  runs: number;
  seed: number;
  /** Imports the runs are spread over (each runs runs/imports rounds); default runs / 10, at least 2. */
  imports?: number;
  workers?: number;
  /** Stop killing after this many (the short version in the test suite). */
  maxKills?: number;
  /** Wait between a restart and the next kill, and between a kill and the restart, in ms: [min, max). */
  killEveryMs?: [number, number];
  restartAfterMs?: [number, number];
  /** A run not ended after this long counts as stuck. */
  timeoutMs?: number;
  /** No kill in the last part of the time allowed (default: its last third, at most 3 minutes), so that a run still
   * open at the deadline is stuck, not just late behind the kills. */
  quietBeforeDeadlineMs?: number;
  /** Settings of the worker processes (EXTRACTION_DB_CONNECTIONS…). */
  workerEnv?: Record<string, string>;
  /** The worker processes' output, line by line; their stderr goes to this process's when unset. */
  workerOutput?: (line: string) => void;
  log: (line: string) => void;
}

export interface Kill {
  atMs: number;
  worker: number;
  inFlight: number;
  /** Kill → the first run in flight at the kill that moved again (run row changed or run ended); null: none did. */
  firstProgressMs: number | null;
  /** Kill → every run in flight at the kill moved again. */
  allProgressedMs: number | null;
  restartMs: number;
  /** Activities the killed worker was running (started, by its identity) at the kill. */
  held: HeldActivity[];
}

export type { HeldActivity };

export interface ChaosReport {
  seed: number;
  runs: StartedRun[];
  kills: Kill[];
  violations: string[];
  wallMs: number;
  connections: ConnectionPeak;
}

/** mulberry32: a small seeded PRNG, so that a run's kills can be replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ChaosImport {
  id: string;
  truth: ImportTruth;
  /** The feed file of each round variant, written once. */
  files: Map<number, string>;
}

async function fileChaosImports(target: ChaosTarget, feeds: FeedServer, workDir: string, count: number): Promise<ChaosImport[]> {
  const imports: ChaosImport[] = [];
  for (let k = 0; k < count; k++) {
    const file = path.join(workDir, `chaos-${k}-0.xml`);
    await writeFeed(file, roundSpec(`chaos${k}`, 0));
    imports.push({ id: await createImport(target.sql, `chaos-${k}`, feeds.serve(`chaos-${k}`, file)), truth: new ImportTruth(`chaos${k}`), files: new Map([[0, file]]) });
  }
  return imports;
}

/** The runs under way: every import's rounds one after another, all imports at once. */
interface Rounds {
  started: StartedRun[];
  pending: Set<StartedRun>;
  finished: Promise<void>;
  isDone(): boolean;
}

function startRounds(target: ChaosTarget, feeds: FeedServer, workDir: string, imports: ChaosImport[], plan: { rounds: number; runs: number; deadline: number }): Rounds {
  const started: StartedRun[] = [];
  const pending = new Set<StartedRun>();
  const runImport = async (entry: ChaosImport, k: number) => {
    for (let round = 0; round < plan.rounds && started.length < plan.runs; round++) {
      const variant = roundVariant(round);
      let file = entry.files.get(variant);
      if (!file) {
        file = path.join(workDir, `chaos-${k}-${variant}.xml`);
        await writeFeed(file, roundSpec(entry.truth.prefix, round));
        entry.files.set(variant, file);
      }
      feeds.serve(`chaos-${k}`, file);
      const workflowId = runWorkflowId(entry.id, 'production', new Date());
      const run: StartedRun = { importId: entry.id, round, workflowId, outcome: null, expected: null };
      started.push(run);
      pending.add(run);
      const handle = await target.client.workflow.start<typeof importRun>(WORKFLOW_TYPES.importRun, {
        workflowId,
        taskQueue: target.taskQueue,
        args: [{ importId: entry.id, environment: 'production', trigger: 'schedule', quarantineTimeout: '5 seconds' }],
      });
      // The result's long polls are cancelled at the deadline: none is left polling once the stack stops.
      const deadline = new AbortController();
      // Each long poll of the result adds a listener to the signal (the SDK's calls): a run that waits long polls often.
      setMaxListeners(0, deadline.signal);
      const timer = setTimeout(() => deadline.abort(), Math.max(0, plan.deadline - Date.now()));
      // A run whose extraction failed for good fails its workflow too, once its row says failed (workflows/import-run.ts).
      run.outcome = await target.client
        .withAbortSignal(deadline.signal, () => handle.result())
        .then((r) => r.outcome, () => (deadline.signal.aborted ? 'stuck' : 'failed'));
      clearTimeout(timer);
      pending.delete(run);
      if (run.outcome === 'stuck') return;
      if (run.outcome === 'applied') run.expected = entry.truth.apply(round);
    }
  };
  let done = false;
  const finished = Promise.all(imports.map(runImport)).then(() => undefined);
  void finished.finally(() => (done = true));
  return { started, pending, finished, isDone: () => done };
}

/** The worker processes, killed and restarted: what the kill loop needs. */
interface Fleet {
  target: ChaosTarget;
  workers: ChildProcess[];
  workerOptions: WorkerProcessOptions;
  /** Indexes of the workers being restarted: the next kill picks among the others. */
  restarting: Set<number>;
  log: (line: string) => void;
}

/** Restarts worker `index` after `pauseMs`; a start that fails is tried again, as a supervisor would. */
async function restartWorker(fleet: Fleet, index: number, kill: Kill, killedAt: number, pauseMs: number): Promise<void> {
  await sleep(pauseMs);
  for (let attempt = 1; ; attempt++) {
    try {
      fleet.workers[index] = await spawnWorker(fleet.target, fleet.workerOptions);
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      fleet.log(`  worker ${index} did not start (${String(err).slice(0, 200)}): trying again`);
    }
  }
  fleet.restarting.delete(index);
  kill.restartMs = Date.now() - killedAt;
  fleet.log(`  kill: worker ${index} at ${(kill.atMs / 1000).toFixed(1)} s, ${kill.inFlight} runs in flight; polling again after ${(kill.restartMs / 1000).toFixed(1)} s`);
}

/** Kills a random polling worker every few seconds while the rounds go on; each restarts in the background. */
async function killWhileRunning(fleet: Fleet, rounds: Rounds, options: ChaosOptions, clock: { first: number; deadline: number }): Promise<Kill[]> {
  const random = seededRandom(options.seed);
  const between = ([lo, hi]: [number, number]) => lo + random() * (hi - lo);
  const killEvery = options.killEveryMs ?? [3_000, 12_000];
  const restartAfter = options.restartAfterMs ?? [500, 3_000];
  const kills: Kill[] = [];
  const watchers: Promise<void>[] = [];
  const restarts: Promise<void>[] = [];
  const lastKillAt = clock.deadline - (options.quietBeforeDeadlineMs ?? Math.min(3 * 60_000, (clock.deadline - clock.first) / 3));
  const mayKill = () => !rounds.isDone() && Date.now() < lastKillAt;
  while (mayKill() && kills.length < (options.maxKills ?? Infinity)) {
    await Promise.race([sleep(between(killEvery)), rounds.finished]);
    while (mayKill() && fleet.restarting.size === fleet.workers.length) await Promise.race([sleep(200), rounds.finished]);
    if (!mayKill()) break;
    const polling = fleet.workers.flatMap((_, i) => (fleet.restarting.has(i) ? [] : [i]));
    const index = polling[Math.floor(random() * polling.length)]!;
    const inFlight = [...rounds.pending];
    const before = await signatures(fleet.target.sql, inFlight);
    const victim = fleet.workers[index]!;
    const held = await heldBy(fleet.target.client, inFlight, victim.pid!);
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    const kill: Kill = { atMs: killedAt - clock.first, worker: index, inFlight: inFlight.length, firstProgressMs: null, allProgressedMs: null, restartMs: 0, held };
    kills.push(kill);
    fleet.restarting.add(index);
    watchers.push(watchProgress(fleet.target.sql, kill, inFlight, before, clock.deadline));
    watchers.push(watchHeld(fleet.target.client, held, `${victim.pid}@`, killedAt, clock.deadline));
    const restart = restartWorker(fleet, index, kill, killedAt, between(restartAfter));
    // Handled now (allSettled below reads the outcome): a failure must not crash the process while the runs go on.
    restart.catch(() => {});
    restarts.push(restart);
  }
  // Every restart settled before anything is stopped (a failed one would otherwise leave the others running).
  const failedRestart = (await Promise.allSettled(restarts)).find((r) => r.status === 'rejected');
  if (failedRestart) throw failedRestart.reason;
  await rounds.finished;
  await Promise.all(watchers);
  return kills;
}

export async function runChaos(target: ChaosTarget, feeds: FeedServer, workDir: string, options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const importCount = options.imports ?? Math.max(2, Math.round(options.runs / 10));
  const rounds = Math.ceil(options.runs / importCount);
  log(`▶ Chaos: ${importCount} imports × ${rounds} rounds on ${options.workers ?? 2} worker processes, seed ${options.seed}`);
  const imports = await fileChaosImports(target, feeds, workDir, importCount);
  const workerOptions = { ...(options.workerEnv ? { env: options.workerEnv } : {}), ...(options.workerOutput ? { onOutput: options.workerOutput } : {}) };
  const fleet: Fleet = { target, workers: [], workerOptions, restarting: new Set(), log };
  const connections = sampleConnections(target.sql);
  try {
    for (let i = 0; i < (options.workers ?? 2); i++) fleet.workers.push(await spawnWorker(target, workerOptions));
    log(`  ${fleet.workers.length} workers polling (pids ${fleet.workers.map((w) => w.pid).join(', ')})`);
    const first = Date.now();
    const deadline = first + (options.timeoutMs ?? 15 * 60_000);
    const running = startRounds(target, feeds, workDir, imports, { rounds, runs: options.runs, deadline });
    const kills = await killWhileRunning(fleet, running, options, { first, deadline });
    const wallMs = Date.now() - first;
    const peak = await connections.stop();
    const violations = await checkInvariants(target, imports, running.started);
    return { seed: options.seed, runs: running.started, kills, violations, wallMs, connections: peak };
  } finally {
    // Also when a worker failed to restart: none is left behind, and the sampler stops.
    await connections.stop();
    await Promise.all(fleet.workers.map((w) => stopWorker(w)));
  }
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function formatChaos(report: ChaosReport): string[] {
  const s = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
  const outcomes = report.runs.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome ?? 'not started']: (acc[r.outcome ?? 'not started'] ?? 0) + 1 }), {});
  const changes = report.runs.reduce((n, r) => n + (r.expected ? totalChanges(r.expected) : 0), 0);
  const held = report.kills.flatMap((k) => k.held);
  const resumed = held.flatMap((h) => (h.resumedMs === null ? [] : [h.resumedMs])).sort((a, b) => a - b);
  const quantile = (q: number) => (resumed.length === 0 ? null : resumed[Math.min(resumed.length - 1, Math.floor(q * resumed.length))]!);
  const heldTypes = held.reduce<Record<string, number>>((acc, h) => ({ ...acc, [h.activityType]: (acc[h.activityType] ?? 0) + 1 }), {});
  const byOp = report.runs.reduce<ChangeCounts>(
    (acc, r) => (r.expected ? { create: acc.create + r.expected.create, update: acc.update + r.expected.update, close: acc.close + r.expected.close, reopen: acc.reopen + r.expected.reopen } : acc),
    { create: 0, update: 0, close: 0, reopen: 0 },
  );
  return [
    `seed ${report.seed}; ${report.runs.length} runs in ${s(report.wallMs)}; outcomes ${JSON.stringify(outcomes)}`,
    `job changes expected (and checked): ${changes} ${JSON.stringify(byOp)}`,
    `kills: ${report.kills.length}`,
    ...report.kills.map(
      (k, i) =>
        `  #${i + 1} worker ${k.worker} at ${s(k.atMs)}: ${k.inFlight} runs in flight, ${k.held.length} activities held; ` +
        `held ones resumed after ${k.held.length === 0 ? '—' : k.held.map((h) => s(h.resumedMs)).join(', ')}; ` +
        `first run moved after ${s(k.firstProgressMs)}, all after ${s(k.allProgressedMs)}; worker back after ${s(k.restartMs)}`,
    ),
    `activities held by a killed worker: ${held.length} ${JSON.stringify(heldTypes)}; resumed elsewhere (or done) after ` +
      `p50 ${s(quantile(0.5))}, p90 ${s(quantile(0.9))}, max ${s(resumed.at(-1) ?? null)}; not resumed by the deadline: ${held.length - resumed.length}`,
    `Postgres connections, peak: ${report.connections.total} in all, ${report.connections.compartments} of them compartments'`,
    report.violations.length === 0 ? 'invariants: all hold' : `invariants VIOLATED (${report.violations.length}):\n${report.violations.map((v) => `  - ${v}`).join('\n')}`,
  ];
}
