// What the burst bench and the chaos run share: worker processes (apps/worker/main.ts) started on a stack's task
// queues, and the peak of Postgres connections sampled while they work.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import { COMPARTMENT_APPLICATION_NAME } from '../../activities/compartment/protocol';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where worker processes connect: a bench stack or a test's. */
export interface FleetTarget {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
}

export interface WorkerProcessOptions {
  /** WORKER_ROLES; both roles when unset. */
  roles?: string;
  /** More settings (EXTRACTION_CONCURRENCY, EXTRACTION_DB_CONNECTIONS…). */
  env?: Record<string, string>;
  /** Every line it writes, stdout and stderr; its warnings go to stderr when unset. */
  onOutput?: (line: string) => void;
}

/**
 * Starts `apps/worker/main.ts` on the target's queues and resolves once it polls. The feeds of the bench and the
 * tests are served on loopback: the platform allowlist says so (FETCH_ALLOW_PRIVATE).
 */
export async function spawnWorker(target: FleetTarget, options: WorkerProcessOptions = {}): Promise<ChildProcess> {
  const env = {
    ...process.env,
    DATABASE_URL: target.databaseUrl,
    TEMPORAL_ADDRESS: target.temporalAddress,
    TEMPORAL_NAMESPACE: target.namespace,
    TASK_QUEUE: target.taskQueue,
    FETCH_ALLOW_PRIVATE: '127.0.0.1/32',
    LOG_LEVEL: 'warn',
    ...(options.roles ? { WORKER_ROLES: options.roles } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const onOutput = options.onOutput ?? ((line: string) => console.error(`  [worker ${child.pid}] ${line}`));
  let ready = false;
  let output = '';
  const read = (stream: NodeJS.ReadableStream, isStdout: boolean) =>
    stream.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!ready) output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim() && (!isStdout || options.onOutput)) onOutput(line);
    });
  await new Promise<void>((resolve, reject) => {
    read(child.stdout!, true).on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('polling task queue')) {
        ready = true;
        resolve();
      }
    });
    read(child.stderr!, false);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`worker process exited before it polled (${signal ?? `code ${code}`}): ${output.trim().slice(-1000)}`));
    });
  });
  return child;
}

export interface ConnectionPeak {
  /** Every connection to the database (workers' pools, compartments, this sampler). */
  total: number;
  /** Compartments' own connections (their COPY), by application_name. */
  compartments: number;
}

/** Samples pg_stat_activity every `everyMs` until `stop()`, which gives the peaks seen. */
export function sampleConnections(sql: postgres.Sql, everyMs = 200): { stop(): Promise<ConnectionPeak> } {
  const peak: ConnectionPeak = { total: 0, compartments: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const [row] = await sql<{ total: number; compartments: number }[]>`
        select count(*)::int as total, (count(*) filter (where application_name = ${COMPARTMENT_APPLICATION_NAME}))::int as compartments
        from pg_stat_activity where datname = current_database()`.catch(() => []);
      peak.total = Math.max(peak.total, row?.total ?? 0);
      peak.compartments = Math.max(peak.compartments, row?.compartments ?? 0);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return peak;
    },
  };
}

/** CPU seconds by process kind, over this process and every process below it (worker, compartments, Postgres…). */
export type CpuByKind = Record<string, number>;

/**
 * CPU seconds of this process and all its descendants, by kind: what each live process used (utime + stime) plus
 * what its reaped children used (cutime + cstime: a compartment that exited, a Postgres backend that closed). Read
 * from /proc (Linux), 100 ticks per second.
 */
export function processTreeCpu(kindOf: (pid: number, command: string) => string = defaultKind): CpuByKind {
  const parent = new Map<number, number>();
  const stats = new Map<number, { command: string; own: number; reaped: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const command = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // Fields after the command, from 0: state, ppid (1) … utime (11), stime (12), cutime (13), cstime (14).
      parent.set(Number(entry), Number(f[1]));
      stats.set(Number(entry), { command, own: (Number(f[11]) + Number(f[12])) / 100, reaped: (Number(f[13]) + Number(f[14])) / 100 });
    } catch {
      // Gone meanwhile.
    }
  }
  const below = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  const total: CpuByKind = {};
  for (const [pid, stat] of stats) {
    if (!below(pid)) continue;
    if (pid === process.pid) {
      // The bench's own worker (workflows, activities); what it reaped is its compartments that ended.
      total.worker = (total.worker ?? 0) + stat.own;
      total.compartments = (total.compartments ?? 0) + stat.reaped;
      continue;
    }
    const kind = kindOf(pid, stat.command);
    if (kind === 'worker processes') {
      // Like the bench's own worker: what a worker process reaped is its compartments that ended, not orchestration.
      total[kind] = (total[kind] ?? 0) + stat.own;
      total.compartments = (total.compartments ?? 0) + stat.reaped;
      continue;
    }
    total[kind] = (total[kind] ?? 0) + stat.own + stat.reaped;
  }
  return total;
}

function defaultKind(pid: number, command: string): string {
  if (command.startsWith('postgres')) return 'postgres';
  if (command.startsWith('temporal')) return 'temporal';
  if (!command.startsWith('node')) return command;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('apps/worker/main.ts') ? 'worker processes' : 'compartments';
  } catch {
    return 'compartments';
  }
}

export function cpuDelta(before: CpuByKind, after: CpuByKind): CpuByKind {
  const out: CpuByKind = {};
  for (const kind of new Set([...Object.keys(before), ...Object.keys(after)])) out[kind] = (after[kind] ?? 0) - (before[kind] ?? 0);
  return out;
}

/** Runs `fn` over `items`, at most `limit` at once: filing 1,000 imports one by one takes minutes on a busy machine. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
