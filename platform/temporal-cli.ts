import { spawn } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from './errors';

/** The Temporal CLI version the project is tested with (its `server start-dev` is our dev server). */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

export interface ResolvedCli {
  path: string;
  source: 'TEMPORAL_CLI' | 'PATH' | 'cache' | 'built';
}

export interface ResolveOptions {
  /** Value of TEMPORAL_CLI, if set. */
  explicitPath?: string | undefined;
  /** Defaults to process.env.PATH. */
  searchPath?: string | undefined;
  /** Defaults to $XDG_CACHE_HOME or ~/.cache, + liaison/temporal-<version>. */
  cacheDir?: string;
  log?: (line: string) => void;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'liaison', `temporal-${TEMPORAL_CLI_VERSION}`);
}

/**
 * Finds the Temporal CLI, in order: TEMPORAL_CLI → `temporal` on PATH → the per-user cache → a build
 * with `go install` into that cache (minutes, once) → a clear error saying how to install it.
 */
export async function resolveTemporalCli(options: ResolveOptions = {}): Promise<ResolvedCli> {
  const log = options.log ?? ((line) => console.log(line));
  if (options.explicitPath) {
    if (await isExecutable(options.explicitPath)) return { path: path.resolve(options.explicitPath), source: 'TEMPORAL_CLI' };
    throw new StartupError(
      `TEMPORAL_CLI points at ${options.explicitPath}, which is not an executable file`,
      'Fix the path, or unset TEMPORAL_CLI to let Liaison find or build the CLI.',
    );
  }
  const onPath = await findOnPath('temporal', options.searchPath ?? process.env.PATH ?? '');
  if (onPath) return { path: onPath, source: 'PATH' };

  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cached = path.join(cacheDir, 'temporal');
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };

  const go = await findOnPath('go', options.searchPath ?? process.env.PATH ?? '');
  if (!go) {
    throw new StartupError(
      `The Temporal CLI (v${TEMPORAL_CLI_VERSION}) was not found and Go is not installed to build it`,
      'Install it (https://docs.temporal.io/cli#install, e.g. `brew install temporal` or ' +
        '`curl -sSf https://temporal.download/cli.sh | sh`) and put `temporal` on PATH, or set TEMPORAL_CLI=/path/to/temporal, ' +
        `or install Go so Liaison can build it (\`go install ${GO_PACKAGE}\`), or set TEMPORAL_ADDRESS to an existing server.`,
    );
  }
  await buildWithGo(go, cacheDir, log);
  return { path: cached, source: 'built' };
}

/**
 * Builds into a private folder then renames into the cache, so an interrupted build never leaves a
 * half-written binary that a later start would trust. A lock folder makes concurrent starts (npm start
 * and npm test) wait for one build instead of running two.
 */
async function buildWithGo(go: string, cacheDir: string, log: (line: string) => void): Promise<void> {
  const target = path.join(cacheDir, 'temporal');
  await fs.mkdir(path.dirname(cacheDir), { recursive: true });
  const lock = `${cacheDir}.lock`;
  const locked = await acquireLock(lock);
  if (!locked) {
    log(`Another process is building the Temporal CLI (${lock}); waiting for it…`);
    await waitFor(async () => {
      if (await isExecutable(target)) return true;
      if (!(await fs.stat(lock).catch(() => null))) {
        throw new StartupError('The other build of the Temporal CLI failed', 'Run the command again to retry the build.');
      }
      return false;
    }, 30 * 60_000);
    return;
  }
  const staging = await fs.mkdtemp(`${cacheDir}.build-`);
  try {
    if (await isExecutable(target)) return;
    log(`Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with Go (first run only, a few minutes)…`);
    const started = Date.now();
    const ticker = setInterval(() => log(`  …still building (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
    try {
      await run(go, ['install', GO_PACKAGE], { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' }, (line) => log(`  go: ${line}`));
    } finally {
      clearInterval(ticker);
    }
    await fs.mkdir(cacheDir, { recursive: true });
    await fs.rename(path.join(staging, 'temporal'), target);
    log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s and cached at ${target}`);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/** A lock folder (mkdir is atomic); one older than `staleAfterMs` belongs to a process that died and is taken over. */
export async function acquireLock(lock: string, staleAfterMs = 30 * 60_000): Promise<boolean> {
  try {
    await fs.mkdir(lock);
    return true;
  } catch {
    const stat = await fs.stat(lock).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > staleAfterMs) {
      await fs.rm(lock, { recursive: true, force: true });
      return acquireLock(lock, staleAfterMs);
    }
    return false;
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new StartupError(
              `Building the Temporal CLI failed (go install exited with ${code}):\n${tail.join('\n')}`,
              'Check that the Go module proxy is reachable (GOPROXY), or install the CLI yourself and set TEMPORAL_CLI.',
            ),
          ),
    );
  });
}

async function findOnPath(name: string, searchPath: string): Promise<string | null> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

export async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new StartupError('Timed out waiting for another process to build the Temporal CLI', 'Remove the lock folder next to the cache and retry.');
}
