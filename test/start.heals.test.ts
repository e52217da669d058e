// `npm start` heals: a worker killed under it is restarted while the rest stays up, and a restart of the same data
// folder prints the same demo keys, still valid.
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../platform/ports';
import { stopChild } from '../platform/temporal-dev-server';

const root = fileURLToPath(new URL('..', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Started {
  child: ChildProcess;
  output: () => string;
  apiUrl: string;
}

async function waitFor(what: () => boolean, timeoutMs: number, describeIt: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describeIt()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function start(dataDir: string, ports: Record<string, string>): Promise<Started> {
  // Its own embedded Postgres and Temporal dev server: the demo it seeds stays out of the shared test database.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'TEMPORAL_ADDRESS'].includes(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env: { ...base, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...ports } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  cleanups.push(() => stopChild(child, 20_000));
  await waitFor(() => output.includes('Liaison is up.') || child.exitCode !== null, 150_000, () => output.slice(-2000));
  expect(child.exitCode).toBeNull();
  return { child, output: () => output, apiUrl: `http://127.0.0.1:${ports.PORT}` };
}

/** The pid of start's child running `entry`, from /proc. */
function childRunning(parent: number, entry: string): number | null {
  for (const pid of readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(entry)) return Number(pid);
  }
  return null;
}

const keysOf = (output: string) => [...output.matchAll(/^ {2}(\w+\.demo)\s+(\S+)$/gm)].map((m) => `${m[1]}=${m[2]}`);

describe('npm start', () => {
  it('restarts a killed worker and keeps the demo keys of its data folder', { timeout: 400_000 }, async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'liaison-heal-'));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const ports = {
      PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      DEMO_SITES_PORT: String(await freePort()),
    };
    const first = await start(dataDir, ports);
    const keys = keysOf(first.output());
    expect(keys).toHaveLength(4);
    expect(first.output()).toMatch(/PostgreSQL {4}postgres:\/\/\S+ {2}\(a shell: npm run psql\)/);

    const worker = childRunning(first.child.pid!, 'apps/worker/main.ts');
    expect(worker).not.toBeNull();
    process.kill(worker!, 'SIGKILL');
    await waitFor(() => first.output().includes('✖ The worker exited (SIGKILL); restarting it in'), 10_000, () => first.output().slice(-1000));
    await waitFor(() => (childRunning(first.child.pid!, 'apps/worker/main.ts') ?? worker) !== worker, 15_000, () => 'no new worker');
    // The stack stayed up, and the new worker polls again: /ready checks for a poller.
    const ready = async () => (await fetch(`${first.apiUrl}/ready`).catch(() => null))?.ok === true;
    const deadline = Date.now() + 60_000;
    while (!(await ready()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await ready()).toBe(true);
    expect(first.child.exitCode).toBeNull();

    await stopChild(first.child, 20_000);
    const second = await start(dataDir, ports);
    expect(keysOf(second.output())).toEqual(keys);
    const [, lead] = keys[0]!.split('=');
    const res = await fetch(`${second.apiUrl}/imports`, { headers: { authorization: `Bearer ${lead}` } });
    expect(res.status).toBe(200);
  });
});
