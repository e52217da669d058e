// The worker process: polls Liaison's task queue until SIGINT/SIGTERM, then drains and exits.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { prepareCompartment, stopSpares } from '../../activities/compartment/run-extraction';
import { ensureDigestSchedule } from '../../activities/digest/digest-schedule';
import { ensureWatchdogSchedule } from '../../activities/incidents/watchdog-schedule';
import { extractionTaskQueue, WORKER_ROLES } from '../../contracts';
import { connectDatabase } from '../../db/client';
import { serviceConfig } from '../../platform/config';
import { reportFatal } from '../../platform/errors';
import { createLogger } from '../../platform/logger';
import { containPostgresWriteAfterClose } from '../../platform/postgres-guard';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = serviceConfig();
  const logger = createLogger({ level: config.logLevel, service: 'worker' });
  // Postgres dying mid-transaction must fail the activity (retried), not end the worker.
  containPostgresWriteAfterClose(logger, (err) => {
    reportFatal(err);
    process.exit(1);
  });
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN') });
  const database = connectDatabase(config.databaseUrl);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  // Activities that manage Temporal objects (the staging schedule of the lifecycle) use a client of their own.
  const clientConnection = await Connection.connect({ address: config.temporalAddress });
  const limits = { timeoutMs: config.importer.timeoutMs, maxHeapMb: config.importer.maxHeapMb };
  try {
    const worker = await createWorker({
      connection,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      deps: {
        db: database.db,
        sql: database.sql,
        temporal: new Client({ connection: clientConnection, namespace: config.temporalNamespace }),
        databaseUrl: config.databaseUrl,
        links: { temporalUiUrl: config.temporalUiUrl, namespace: config.temporalNamespace, apiUrl: config.publicApiUrl },
        compartment: {
          limits,
          // No extra importer modules: only the test workers add some (deliberately broken importers).
          importerModules: [],
          batchSize: 1000,
          ...(config.worker?.extractionDbConnections ? { dbConnections: config.worker.extractionDbConnections } : {}),
        },
        ...(config.fetch ? { fetch: config.fetch } : {}),
        ...(config.incidents ? { incidents: config.incidents } : {}),
      },
      logger,
      ...(config.worker ? { roles: config.worker.roles } : {}),
      ...(config.worker?.extractionConcurrency ? { extractionConcurrency: config.worker.extractionConcurrency } : {}),
    });
    // The first run's compartment boots now rather than when that run starts.
    const roles = config.worker?.roles ?? WORKER_ROLES;
    if (roles.includes('extraction')) prepareCompartment(limits);
    // The watchdog's and the digest's schedules, by the workers that run workflows: created, or updated, at every
    // start (idempotent). An extraction-only worker leaves them alone.
    if (roles.includes('orchestration')) {
      await ensureWatchdogSchedule(new Client({ connection: clientConnection, namespace: config.temporalNamespace }), {
        taskQueue: config.taskQueue,
        graceMs: config.incidents?.watchdogGraceMs ?? 30 * 60_000,
      });
      // The account managers' daily digest: its schedule too (idempotent).
      await ensureDigestSchedule(new Client({ connection: clientConnection, namespace: config.temporalNamespace }), { taskQueue: config.taskQueue });
    }
    console.log(`worker (${roles.join(' + ')}) polling task queue "${config.taskQueue}"${roles.includes('extraction') ? ` and "${extractionTaskQueue(config.taskQueue)}"` : ''} on ${config.temporalAddress}`);
    await worker.run();
  } finally {
    await stopSpares();
    await clientConnection.close();
    await connection.close();
    await database.close();
  }
}

main().catch((err) => {
  reportFatal(err);
  process.exit(1);
});
