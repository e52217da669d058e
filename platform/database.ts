import postgres from 'postgres';
import { StartupError } from './errors';

/** Where a postgres URL points, without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** Fails with one clear message when the database does not answer. */
export async function assertDatabaseReachable(url: string, envName = 'DATABASE_URL'): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new StartupError(
      `Cannot connect to PostgreSQL at ${describeUrl(url)} (${envName}): ${e.code ? `${e.code} ` : ''}${e.message}`,
      `Check that PostgreSQL runs there and accepts this user, or unset ${envName} to use an embedded PostgreSQL.`,
    );
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** A URL on the same server pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * The database a test or bench run works in. DATABASE_URL set: a scratch database created on that server now
 * (`<prefix>_<pid>_<time>`) and dropped by `drop()`; unset: `url` is null and the caller's embedded Postgres is
 * used (startDevStack). Shared by test/global-setup.ts and scripts/bench/stack.ts.
 */
export async function scratchDatabase(serverUrl: string | undefined, prefix: string): Promise<{ url: string | null; drop(): Promise<void> }> {
  if (!serverUrl) return { url: null, drop: async () => {} };
  await assertDatabaseReachable(serverUrl);
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  await admin(serverUrl, `create database ${name}`);
  return { url: withDatabase(serverUrl, name), drop: () => admin(serverUrl, `drop database if exists ${name} with (force)`) };
}

async function admin(url: string, statement: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
