import path from 'node:path';
import { Connection } from '@temporalio/client';
import { applyMigrations } from '../db/migrate';
import type { Env } from './config';
import { assertDatabaseReachable, describeUrl } from './database';
import { startEmbeddedPostgres } from './embedded-postgres';
import { StartupError } from './errors';
import { assertPortFree } from './ports';
import { resolveTemporalCli } from './temporal-cli';
import { startTemporalDevServer } from './temporal-dev-server';

export interface DevStackOptions {
  env: Env;
  /** Ports of the dev server we start; `uiPort: null` runs it headless. */
  temporal: { port: number; uiPort: number | null; persistent: boolean };
  postgres: { port: number; database: string; dataDir: string };
  log: (line: string) => void;
}

export interface DevStack {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  /** What was started here (as opposed to given by DATABASE_URL / TEMPORAL_ADDRESS). */
  started: { postgres: boolean; temporal: boolean };
  stop(): Promise<void>;
}

/**
 * PostgreSQL and Temporal for `npm start` and `npm test`: those given by DATABASE_URL and TEMPORAL_ADDRESS
 * when set (checked, never started), otherwise an embedded Postgres and a Temporal dev server. Migrations
 * are applied before returning. On failure, whatever was started is stopped again.
 */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const { env, log } = options;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log(`stop failed: ${String(err)}`));
  };
  try {
    let databaseUrl: string;
    if (env.DATABASE_URL) {
      await assertDatabaseReachable(env.DATABASE_URL);
      databaseUrl = env.DATABASE_URL;
      log(`PostgreSQL: ${describeUrl(databaseUrl)} (DATABASE_URL)`);
    } else {
      const pg = await startEmbeddedPostgres({ ...options.postgres, log });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      log(`PostgreSQL: embedded, ${describeUrl(databaseUrl)}, data in ${options.postgres.dataDir}`);
    }

    let temporalAddress: string;
    let temporalUiUrl: string | null = env.TEMPORAL_UI_URL;
    if (env.TEMPORAL_ADDRESS) {
      await assertTemporalReachable(env.TEMPORAL_ADDRESS);
      temporalAddress = env.TEMPORAL_ADDRESS;
      log(`Temporal: ${temporalAddress} (TEMPORAL_ADDRESS)`);
    } else {
      const { port, uiPort, persistent } = options.temporal;
      await assertPortFree(port, 'Temporal gRPC', 'TEMPORAL_PORT');
      if (uiPort !== null) await assertPortFree(uiPort, 'Temporal UI', 'TEMPORAL_UI_PORT');
      const cli = await resolveTemporalCli({ explicitPath: env.TEMPORAL_CLI, log });
      const server = await startTemporalDevServer({
        cli: cli.path,
        port,
        uiPort,
        ...(persistent ? { dbFile: path.join(env.DATA_DIR, 'temporal', 'temporal.sqlite') } : {}),
        logFile: path.join(env.DATA_DIR, 'logs', `temporal-${port}.log`),
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
      log(`Temporal: dev server ${temporalAddress} (CLI from ${cli.source}: ${cli.path})`);
    }

    await applyMigrations(databaseUrl);
    return {
      databaseUrl,
      temporalAddress,
      temporalUiUrl,
      started: { postgres: !env.DATABASE_URL, temporal: !env.TEMPORAL_ADDRESS },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function assertTemporalReachable(address: string): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
    await connection.workflowService.getSystemInfo({});
  } catch (err) {
    throw new StartupError(
      `Cannot reach Temporal at ${address} (TEMPORAL_ADDRESS): ${err instanceof Error ? err.message : String(err)}`,
      'Check the address, or unset TEMPORAL_ADDRESS to let Liaison start a dev server.',
    );
  } finally {
    await connection?.close().catch(() => {});
  }
}
