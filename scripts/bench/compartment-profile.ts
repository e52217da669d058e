// `npm run bench -- compartment-profile [runs]`: where one compartment's CPU goes (scripts/bench/compartment.ts
// measures the total). Each extraction of the compartment bench's two sources runs in a compartment forked as
// run-extraction.ts forks one (the compiled bundle from V8's code cache), with `--cpu-prof`; printed: the process's
// CPU (all threads, from /proc), the main thread's samples by phase (Node's start before the bundle, the bundle's
// top level, the extraction) and by module (the bundle's `// path` markers name the module each line belongs to).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compartmentBundle } from '../../activities/compartment/bundle';
import type { ChildMessage, ExtractionJob } from '../../activities/compartment/protocol';
import * as extraction from '../../activities/compartment/run-extraction';
import { applyMigrations } from '../../db/migrate';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres';
import { freePort } from '../../platform/ports';
import { cpuSeconds, startSources } from './compartment';

const childrenCpuSeconds = (): number => cpuSeconds().children;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../../activities/compartment/child.ts', import.meta.url));
const HEAP_MB = 512;
/** The flags run-extraction.ts gives compartments (none before it had any: the profile also runs on older code). */
const compartmentFlags = (): readonly string[] => (extraction as { COMPARTMENT_V8_FLAGS?: readonly string[] }).COMPARTMENT_V8_FLAGS ?? [];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Line → module of an esbuild bundle (non-minified output marks each module with a `// path` line). */
function moduleLines(bundle: string): (line: number) => string {
  const starts: [number, string][] = [];
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\/\/ (\S+\/\S+\.(?:[cm]?js|ts|json))$/.exec(text);
      if (m) starts.push([i, m[1]!]);
    });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prologue)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]![0] <= line) {
        found = starts[mid]![1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** A module path shortened to what it stands for: a package name, or our folder. */
function groupOf(module: string): string {
  const parts = module.split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) return parts[nm + 1]!.startsWith('@') ? `${parts[nm + 1]}/${parts[nm + 2]}` : parts[nm + 1]!;
  return module.replace(/\.ts$/, '');
}

function analyse(profile: Profile, bundle: string, lineModule: (line: number) => string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inBundle = (id: number) => byId.get(id)!.callFrame.url.endsWith(path.basename(bundle));
  // Under the bundle's top-level code: the script itself and its CommonJS wrapper, both line 0 of the bundle.
  const topCache = new Map<number, boolean>();
  const underTop = (id: number): boolean => {
    const known = topCache.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    const result = (inBundle(id) && n.callFrame.lineNumber === 0 && n.callFrame.functionName === '') || (parent.has(id) && underTop(parent.get(id)!));
    topCache.set(id, result);
    return result;
  };
  const groupOfNode = (id: number): string => {
    const { url, functionName, lineNumber } = byId.get(id)!.callFrame;
    if (inBundle(id)) return groupOf(lineModule(lineNumber));
    if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
    if (url === '') return functionName || '(native)';
    return path.basename(url);
  };
  const phases = new Map<string, number>();
  const groups = new Map<string, number>();
  const topLevelGroups = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  // Phases by time: before the first sample in the bundle (Node's start, boot.ts reading the bundle and its cache),
  // the bundle's top level, then the extraction; GC and idle apart, wherever they fall.
  let phase = 'start (Node, boot.ts)';
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const group = groupOfNode(id);
    if (phase !== 'extraction' && inBundle(id)) phase = underTop(id) ? 'top level' : 'extraction';
    if (phase === 'top level' && !underTop(id) && !['(garbage collector)', '(program)', '(idle)'].includes(group)) phase = 'extraction';
    const key = group === '(garbage collector)' ? `${phase}: GC` : group === '(idle)' ? 'idle' : phase;
    add(phases, key, us);
    add(groups, group, us);
    if (phase === 'top level') add(topLevelGroups, group, us);
  });
  return { phases, groups, topLevelGroups, totalUs: profile.endTime - profile.startTime };
}

/**
 * boot.ts with CPU marks (process.cpuUsage, every thread): what boot.ts does, in the same order, so the marks split a
 * compartment's own CPU without a profiler's overhead or its wall-clock sampling (which a loaded machine distorts).
 * Written to `<marks file>` at exit as JSON: ms since the process started, cumulative.
 */
const PROBE_BOOT = `
const t = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const marks = { 'Node start': t() };
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const [bundle, cacheFile, marksFile] = process.argv.slice(2);
let cachedData;
try {
  const file = readFileSync(cacheFile);
  cachedData = file;
  // boot.ts's cache: one line of JSON first (older ones are V8's bytes alone).
  const newline = file.indexOf(0x0a);
  let keys = null;
  try { keys = newline > 0 ? JSON.parse(file.subarray(0, newline).toString('utf8')) : null; } catch {}
  if (Array.isArray(keys)) cachedData = file.subarray(newline + 1);
} catch {}
const source = readFileSync(bundle, 'utf8');
marks['read bundle + cache'] = t();
const script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})', { filename: bundle, cachedData });
marks['deserialise the code cache'] = t();
marks.rejected = script.cachedDataRejected ? 1 : 0;
globalThis[Symbol.for('liaison.importModule')] = (specifier) => import(specifier);
const send = process.send.bind(process);
process.send = (message, ...rest) => {
  if (message && message.type === 'start-ack') return true;
  if (message && (message.type === 'done' || message.type === 'failed')) marks['extraction (to the result sent)'] = t();
  return send(message, ...rest);
};
process.once('message', () => { marks['waiting for the job'] = t(); });
process.on('exit', () => {
  marks['after the result (connection end, exit)'] = t();
  writeFileSync(marksFile, JSON.stringify(marks));
});
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
marks['top level'] = t();
`;

/** CPU seconds of each thread of `pid` so far, by thread name (main thread "node", V8's workers, libuv's pool). */
function threadSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // Gone already.
  }
  return out;
}

const threads = new Map<string, number>();

function forkProfiled(boot: string, args: string[], execArgv: string[], job: ExtractionJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(boot, args, { cwd: ROOT, execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    let ok = false;
    child.on('message', (m: ChildMessage) => {
      if (m.type !== 'done') return;
      ok = m.summary.valid === 20;
      // Just before it ends (the connection's close is left): where the process's CPU went, by thread.
      for (const [name, s] of threadSeconds(child.pid!)) threads.set(name, (threads.get(name) ?? 0) + s);
    });
    child.on('exit', () => (ok ? resolve() : reject(new Error(`profiled compartment failed: ${stderr}`))));
    child.send({ type: 'start', job });
  });
}

export async function runCompartmentProfile(runs: number, log: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liaison-compartment-profile-'));
  const stops: (() => Promise<void> | void)[] = [];
  try {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: await freePort(), database: 'liaison' });
    stops.push(pg.stop);
    await applyMigrations(pg.url);
    const sources = await startSources();
    stops.push(sources.stop);
    const code = compartmentBundle(CHILD, ROOT);
    if (!code) throw new Error('the compartment bundle could not be built');
    const lineModule = moduleLines(code.bundle);
    const feeds = [
      { label: 'XML feed, 20 jobs', importer: 'multiposting-xml', config: { feedUrl: sources.feedUrl } },
      { label: 'career site, 20 jobs', importer: 'demo-careers', config: { listUrls: [sources.listUrl] } },
    ];
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
      // Extra V8 or Node flags to try (COMPARTMENT_FLAGS="--flag …"): the V8 cache is per set of flags (bundle.ts).
      const execArgv = [`--max-old-space-size=${HEAP_MB}`, ...compartmentFlags(), ...(process.env.COMPARTMENT_FLAGS ?? '').split(' ').filter(Boolean)];
      const args = [code.bundle, code.cacheFor(execArgv)];
      // Warm-up: writes the V8 cache if there is none for these flags.
      await forkProfiled(code.boot, args, execArgv, job());
      let plain = 0;
      threads.clear();
      const probe = path.join(dir, 'probe-boot.cjs');
      writeFileSync(probe, PROBE_BOOT);
      const marksFile = path.join(dir, 'marks.json');
      const steps = new Map<string, number>();
      let rejected = 0;
      for (let i = 0; i < runs; i++) {
        const before = childrenCpuSeconds();
        await forkProfiled(probe, [...args, marksFile], execArgv, job());
        const total = (childrenCpuSeconds() - before) * 1000;
        plain += total / 1000;
        const marks = JSON.parse(readFileSync(marksFile, 'utf8')) as Record<string, number>;
        rejected += marks.rejected ?? 0;
        delete marks.rejected;
        let last = 0;
        for (const [step, at] of Object.entries(marks)) {
          steps.set(step, (steps.get(step) ?? 0) + at - last);
          last = at;
        }
        steps.set('Node teardown (the rest of the process CPU)', (steps.get('Node teardown (the rest of the process CPU)') ?? 0) + total - last);
      }
      const byThread = [...threads].map(([name, sec]) => `${name} ${((sec / runs) * 1000).toFixed(0)}`).join(', ');
      const profDir = path.join(dir, `prof-${feed.importer}`);
      mkdirSync(profDir, { recursive: true });
      let profiled = 0;
      // COMPARTMENT_PROFILE=marks: the CPU marks alone, without the profiled runs.
      for (let i = 0; i < (process.env.COMPARTMENT_PROFILE === 'marks' ? 0 : runs); i++) {
        const before = childrenCpuSeconds();
        await forkProfiled(code.boot, args, [...execArgv, '--cpu-prof', `--cpu-prof-dir=${profDir}`], job());
        profiled += childrenCpuSeconds() - before;
      }
      const sum = { phases: new Map<string, number>(), groups: new Map<string, number>(), topLevelGroups: new Map<string, number>(), totalUs: 0 };
      for (const file of readdirSync(profDir)) {
        const a = analyse(JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as Profile, code.bundle, lineModule);
        for (const key of ['phases', 'groups', 'topLevelGroups'] as const) for (const [k, v] of a[key]) sum[key].set(k, (sum[key].get(k) ?? 0) + v);
        sum.totalUs += a.totalUs;
      }
      const ms = (us: number) => (us / 1000 / runs).toFixed(1).padStart(7);
      log(`\n${feed.label}: ${runs} runs, flags ${execArgv.join(' ')}, load ${os.loadavg()[0]!.toFixed(2)}`);
      log(`  process CPU per run (all threads): ${((plain / runs) * 1000).toFixed(0)} ms plain, ${((profiled / runs) * 1000).toFixed(0)} ms profiled`);
      log(`  by thread at the 'done' message, ms per run: ${byThread}`);
      log(`  CPU marks (all threads, ms per run; cache rejected in ${rejected} of ${runs} runs):`);
      for (const [step, ms] of steps) log(`    ${step.padEnd(44)} ${(ms / runs).toFixed(1).padStart(7)}`);
      log(`  main thread, profiled span ${ms(sum.totalUs)} ms, by phase:`);
      for (const [k, v] of [...sum.phases].sort((a, b) => b[1] - a[1])) log(`  phase ${k.padEnd(28)} ${ms(v)} ms`);
      log('  top level, by module group:');
      for (const [k, v] of [...sum.topLevelGroups].sort((a, b) => b[1] - a[1]).slice(0, 20)) log(`    ${k.padEnd(50)} ${ms(v)} ms`);
      log('  whole run, by module group:');
      for (const [k, v] of [...sum.groups].sort((a, b) => b[1] - a[1]).slice(0, 40)) log(`    ${k.padEnd(50)} ${ms(v)} ms`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(dir, { recursive: true, force: true });
  }
}
