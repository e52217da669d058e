// `npm run bench -- compartment [rounds]`: what one extraction costs in each way of running a compartment
// (compartment-variants.ts), for a 20-job XML feed and a 20-job career site (list + 20 detail pages). Printed: CPU
// seconds per extraction — the compartment's process or thread plus this driver's own share (fork, IPC); the sources
// run in a process of their own and PostgreSQL is not counted — and wall time per extraction, with the load average.
// Rounds go through the variants in turn, so that every variant sees the same load; one warm-up run each first
// (disk cache, and the V8 code cache the variants that use one write on their first run).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ExtractionJob } from '../../activities/compartment/protocol';
import { applyMigrations } from '../../db/migrate';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres';
import { freePort } from '../../platform/ports';
import { type Variant, variantsFor } from './compartment-variants';

const SERVERS = fileURLToPath(new URL('./compartment-servers.ts', import.meta.url));
const JOBS = 20;

/** CPU seconds of this process (every thread) and of its children that have ended. Linux only (/proc). */
export function cpuSeconds(): { self: number; children: number } {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    throw new Error('the compartment bench reads children CPU time from /proc/self/stat: it runs on Linux only');
  }
  // Fields after the command name: state is field 3; cutime and cstime (ended children) are 16 and 17, in ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux architecture Node supports
  const { user, system } = process.cpuUsage();
  return { self: (user + system) / 1e6, children: (Number(fields[13]) + Number(fields[14])) / ticksPerSecond };
}

export async function startSources(): Promise<{ feedUrl: string; listUrl: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVERS], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string | undefined]);
  if (!line) throw new Error('the compartment bench sources (compartment-servers.ts) did not start');
  return { ...(JSON.parse(line) as { feedUrl: string; listUrl: string }), stop: () => child.stdin.end() };
}

interface Tally {
  cpu: number;
  wall: number;
  runs: number;
}

export async function runCompartmentBench(rounds: number, log: (line: string) => void): Promise<void> {
  const load = () => os.loadavg()[0]!.toFixed(2);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liaison-compartment-'));
  const stops: (() => Promise<void> | void)[] = [];
  try {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: await freePort(), database: 'liaison' });
    stops.push(pg.stop);
    await applyMigrations(pg.url);
    const sources = await startSources();
    stops.push(sources.stop);
    const feeds = [
      { label: `XML feed, ${JOBS} jobs`, importer: 'multiposting-xml' as const, config: { feedUrl: sources.feedUrl } },
      { label: `career site, ${JOBS} jobs (list + ${JOBS} detail pages)`, importer: 'demo-careers' as const, config: { listUrls: [sources.listUrl] } },
    ];
    log(`Compartment: one extraction per run, ${rounds} rounds + 1 warm-up; ${os.availableParallelism()} CPUs, Node ${process.version}, heap cap ${512} MB`);
    for (const feed of feeds) {
      const job = (): ExtractionJob => ({
        runId: randomUUID(),
        importerKey: feed.importer,
        config: feed.config,
        fetchPolicy: { allowPrivate: ['127.0.0.1/32'] },
        databaseUrl: pg.url,
        importerModules: [],
        batchSize: 1000,
      });
      const variants = await variantsFor(feed.importer, path.join(dir, 'bundles'));
      const tallies = new Map<Variant, Tally>(variants.map((v) => [v, { cpu: 0, wall: 0, runs: 0 }]));
      const loadBefore = load();
      for (let round = 0; round <= rounds; round++) {
        for (const variant of variants) {
          const before = cpuSeconds();
          const started = performance.now();
          const result = await variant.run(job());
          const wall = (performance.now() - started) / 1000;
          const after = cpuSeconds();
          if (result.error || result.records !== JOBS || result.valid !== JOBS) {
            throw new Error(`${variant.name} on the ${feed.label}: ${result.error ?? `${result.valid}/${result.records} valid records, ${JOBS} expected`}`);
          }
          if (round === 0) continue;
          const tally = tallies.get(variant)!;
          tally.cpu += after.self - before.self + (after.children - before.children);
          tally.wall += wall;
          tally.runs += 1;
        }
      }
      log(`\n${feed.label} — 1-min load average ${loadBefore} before, ${load()} after`);
      log(`${'variant'.padEnd(58)} ${'loads MB'.padStart(8)} ${'CPU-s/run'.padStart(9)} ${'wall s/run'.padStart(10)} ${'CPU vs (a)'.padStart(10)}`);
      const base = tallies.get(variants[1]!)!;
      for (const variant of variants) {
        const t = tallies.get(variant)!;
        const mb = variant.bytes === null ? 'tsx' : (variant.bytes / 1024 ** 2).toFixed(1);
        log(`${variant.name.padEnd(58)} ${mb.padStart(8)} ${(t.cpu / t.runs).toFixed(3).padStart(9)} ${(t.wall / t.runs).toFixed(3).padStart(10)} ${(t.cpu / base.cpu).toFixed(2).padStart(10)}`);
      }
    }
    log('\nCPU: the compartment plus this driver (fork, IPC, thread set-up); sources and PostgreSQL not counted. No spare compartment: start-up is in each run.');
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(dir, { recursive: true, force: true });
  }
}
