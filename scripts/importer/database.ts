import path from 'node:path';
import type postgres from 'postgres';
import { connectDatabase } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import type { Env } from '../../platform/config';
import { assertDatabaseReachable, describeUrl } from '../../platform/database';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres';
import { StartupError } from '../../platform/errors';
import { isPortFree } from '../../platform/ports';

export interface TryDatabase {
  sql: postgres.Sql;
  close(): Promise<void>;
}

/**
 * The database `try` diffs against: DATABASE_URL; else the dev stack's embedded PostgreSQL, reused when
 * `npm start` already runs it (its port is taken), otherwise started here on the same data folder and stopped after.
 */
export async function openDatabase(env: Env, log: (line: string) => void): Promise<TryDatabase> {
  let url: string;
  let stop = async (): Promise<void> => {};
  if (env.DATABASE_URL) {
    url = env.DATABASE_URL;
    await assertDatabaseReachable(url);
    log(`PostgreSQL: ${describeUrl(url)} (DATABASE_URL)`);
  } else if (!(await isPortFree(env.EMBEDDED_PG_PORT))) {
    url = `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/liaison`;
    try {
      await assertDatabaseReachable(url, 'EMBEDDED_PG_PORT');
    } catch (err) {
      throw new StartupError(
        `Port ${env.EMBEDDED_PG_PORT} (EMBEDDED_PG_PORT) is taken, but Liaison's embedded PostgreSQL does not answer there: ${(err as Error).message}`,
        'Stop what uses the port, set EMBEDDED_PG_PORT to another port, or set DATABASE_URL.',
      );
    }
    log(`PostgreSQL: the running dev stack's, ${describeUrl(url)}`);
  } else {
    const dataDir = path.join(env.DATA_DIR, 'postgres');
    const pg = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT, database: 'liaison', portEnvName: 'EMBEDDED_PG_PORT', log });
    stop = pg.stop;
    url = pg.url;
    try {
      await applyMigrations(url);
    } catch (err) {
      await stop();
      throw err;
    }
    log(`PostgreSQL: embedded, started for this command (data in ${dataDir})`);
  }
  // The worker's client, not a bare postgres(): drizzle makes it send jsonb parameters as the JSON text the
  // activities pass (`jsonb()`); a bare client would store them as JSON strings. Two connections: the
  // rolled-back transaction holds one for the whole try.
  const database = connectDatabase(url, { max: 2 });
  return {
    sql: database.sql,
    close: async () => {
      await database.close();
      await stop();
    },
  };
}
