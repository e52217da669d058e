import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeFlags } from '../contracts';
import { StartupError } from './errors';

export interface DevServerOptions {
  cli: string;
  port: number;
  /** null = headless (no Web UI), as in tests. */
  uiPort: number | null;
  /** SQLite file keeping the server's state across restarts; omitted = in memory. */
  dbFile?: string;
  /** Server output goes here rather than to the terminal (it is verbose). */
  logFile: string;
  ip?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with Liaison's search attributes and waits until its frontend
 * answers. Registering attributes that a persisted database already has is accepted by the dev server.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port), '--log-format', 'json', '--log-level', 'warn'];
  args.push(...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.dbFile) {
    await fs.mkdir(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const flag of searchAttributeFlags()) args.push('--search-attribute', flag);

  await fs.mkdir(path.dirname(options.logFile), { recursive: true });
  const logStream = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(options.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(logStream);
  child.stderr?.pipe(logStream);

  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const address = `${ip}:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) {
      const tail = (await fs.readFile(options.logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
      throw new StartupError(`The Temporal dev server exited during start-up (code ${exited}):\n${tail}`, `Full log: ${options.logFile}`);
    }
    if (await answers(address)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new StartupError(`The Temporal dev server did not answer on ${address} within 60 s`, `See its log: ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    address,
    uiUrl: options.uiPort === null ? null : `http://localhost:${options.uiPort}`,
    process: child,
    stop: () => stopChild(child, 10_000).finally(() => logStream.end()),
  };
}

async function answers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => {});
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
