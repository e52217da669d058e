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
