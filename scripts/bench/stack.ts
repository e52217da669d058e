// The benchmark's own stack, as test/global-setup.ts builds it: an embedded Postgres (or a scratch database on
// DATABASE_URL's server, dropped at the end), a headless Temporal dev server, migrations, and the real worker
// with production's compartment settings (apps/worker/main.ts), on a task queue of its own.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, type LogEntry, NativeConnection, Runtime } from '@temporalio/worker';
import { prepareCompartment, stopSpares } from '../../activities/compartment/run-extraction';
import { createWorker } from '../../apps/worker/worker';
import { connectDatabase, type DatabaseHandle } from '../../db/client';
import { type Env, fetchSettings, loadEnv } from '../../platform/config';
import { scratchDatabase } from '../../platform/database';
import { startDevStack } from '../../platform/dev-stack';
import { freePort } from '../../platform/ports';

export interface BenchStack {
  databaseUrl: string;
  temporalAddress: string;
  database: DatabaseHandle;
  client: Client;
  taskQueue: string;
  namespace: string;
  /** Postgres server version, e.g. "PostgreSQL 18.0 …" (first words). */
  postgresVersion: string;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  /** Every WARN-or-worse line of the worker and its Rust core (the burst counts workflow-task timeouts in them). */
  onWorkerLog?: (entry: LogEntry) => void;
  /** false: no worker in this process (the chaos run's workers are processes of their own, to be killed). */
  inProcessWorker?: boolean;
}

export async function startBenchStack(dataDir: string, log: (line: string) => void, options: BenchStackOptions = {}): Promise<BenchStack> {
  const base = loadEnv({ ...process.env, DATA_DIR: dataDir });
  const scratch = await scratchDatabase(base.DATABASE_URL, 'liaison_bench');
  const env = scratch.url ? { ...base, DATABASE_URL: scratch.url } : base;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`stop failed: ${String(err)}`));
  };
  try {
    const stack = await startDevStack({
      env,
      temporal: { port: await freePort(), uiPort: null, persistent: false },
      postgres: { port: await freePort(), database: 'liaison', dataDir: path.join(dataDir, 'postgres') },
      log,
    });
    stops.push(async () => {
      await stack.stop();
      await scratch.drop();
    });
    const onWorkerLog = options.onWorkerLog;
    // Core's own warnings ("Workflow task duration exceeded …") reach the logger only when forwarded.
    Runtime.install(
      onWorkerLog
        ? { logger: new DefaultLogger('WARN', onWorkerLog), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } } }
        : { logger: new DefaultLogger('WARN') },
    );
    const database = connectDatabase(stack.databaseUrl);
    stops.push(() => database.close());
    const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    stops.push(() => nativeConnection.close());
    const connection = await Connection.connect({ address: stack.temporalAddress });
    stops.push(() => connection.close());
    const taskQueue = `bench-${randomUUID()}`;
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    if (options.inProcessWorker !== false) {
      stops.push(await startInProcessWorker({ env, connection: nativeConnection, taskQueue, database, client, databaseUrl: stack.databaseUrl }));
    }
    const [version] = await database.sql<{ version: string }[]>`select version()`;
    return {
      databaseUrl: stack.databaseUrl,
      temporalAddress: stack.temporalAddress,
      database,
      client,
      taskQueue,
      namespace: env.TEMPORAL_NAMESPACE,
      postgresVersion: (version?.version ?? 'unknown').split(' ').slice(0, 2).join(' '),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The real worker in this process, with production's compartment settings (apps/worker/main.ts); returns its stop. */
async function startInProcessWorker(input: {
  env: Env;
  connection: NativeConnection;
  taskQueue: string;
  database: DatabaseHandle;
  client: Client;
  databaseUrl: string;
}): Promise<() => Promise<void>> {
  const { env, database } = input;
  const worker = await createWorker({
    connection: input.connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: input.taskQueue,
    deps: {
      db: database.db,
      sql: database.sql,
      // The run workflow's health reports (signal-with-start) need a client, as in apps/worker/main.ts.
      temporal: input.client,
      databaseUrl: input.databaseUrl,
      links: { temporalUiUrl: env.TEMPORAL_UI_URL, namespace: env.TEMPORAL_NAMESPACE, apiUrl: null },
      compartment: {
        limits: { timeoutMs: env.IMPORTER_TIMEOUT_SECONDS * 1000, maxHeapMb: env.IMPORTER_MAX_HEAP_MB },
        importerModules: [],
        batchSize: 1000,
        ...(env.EXTRACTION_DB_CONNECTIONS ? { dbConnections: env.EXTRACTION_DB_CONNECTIONS } : {}),
      },
      // The bench's feed is served on loopback: the platform allowlist says so, as FETCH_ALLOW_PRIVATE would.
      fetch: { ...fetchSettings(env), allowPrivate: ['127.0.0.1/32'] },
    },
    ...(env.EXTRACTION_CONCURRENCY ? { extractionConcurrency: env.EXTRACTION_CONCURRENCY } : {}),
  });
  // As apps/worker/main.ts does: the first run's compartment boots with the worker.
  prepareCompartment({ timeoutMs: env.IMPORTER_TIMEOUT_SECONDS * 1000, maxHeapMb: env.IMPORTER_MAX_HEAP_MB });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    // No compartment outlives the stack: the spare would otherwise wait until this process exits.
    await stopSpares();
  };
}
