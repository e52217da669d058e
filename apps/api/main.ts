// The REST API process: serves until SIGINT/SIGTERM.
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { connectDatabase } from '../../db/client';
import { serviceConfig } from '../../platform/config';
import { reportFatal, StartupError } from '../../platform/errors';
import { createLogger } from '../../platform/logger';
import { containPostgresWriteAfterClose } from '../../platform/postgres-guard';
import { createApi } from './app.module';

async function main(): Promise<void> {
  const config = serviceConfig();
  const logger = createLogger({ level: config.logLevel, service: 'api' });
  containPostgresWriteAfterClose(logger, (err) => {
    reportFatal(err);
    process.exit(1);
  });
  const database = connectDatabase(config.databaseUrl);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const app = await createApi({
    config,
    db: database.db,
    sql: database.sql,
    temporal: new Client({ connection, namespace: config.temporalNamespace }),
  }, { logger });
  const close = async () => {
    await connection.close();
    await database.close();
  };
  try {
    await app.listen(config.port, config.host);
  } catch (err) {
    await close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(`Port ${config.port} (API) is already in use`, 'Stop the other process or set PORT=<port>.');
    }
    throw err;
  }
  console.log(`API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);
  const stop = () => {
    void app.close().finally(close);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  reportFatal(err);
  process.exit(1);
});
