import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { inject } from 'vitest';
import { DEFAULT_LIMITS, type CompartmentLimits } from '../../activities/compartment/run-extraction';
import type { ActivityDeps } from '../../activities';
import { createWorker, type LiaisonWorker } from '../../apps/worker/worker';
import { connectDatabase, type DatabaseHandle } from '../../db/client';
import { clients, imports } from '../../db/schema';
import type { PlatformFetchSettings } from '../../importers/sdk';
import type { WorkerRole } from '../../contracts';
import type { Logger } from '../../platform/logger';
import { deployFaults } from './deploy-faults';

/** What the global setup hands to every integration test file. */
export interface TestStack {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  workflowBundlePath: string;
  dataDir: string;
}

export interface TestContext {
  stack: TestStack;
  env: TestWorkflowEnvironment;
  database: DatabaseHandle;
  /** A task queue of this file's own, so its worker only sees its own workflows. */
  taskQueue: string;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** Connects to the shared server and database (never starts a server of its own). */
export async function connectTestStack(): Promise<TestContext> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const stack = inject('stack');
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: stack.temporalAddress, namespace: stack.namespace });
  const database = connectDatabase(stack.databaseUrl, { max: 5 });
  return {
    stack,
    env,
    database,
    taskQueue: `test-${randomUUID()}`,
    close: async () => {
      await env.teardown();
      await database.close();
    },
  };
}

/** The real worker (real activities on the real database), running until `stop()`. */
export async function startWorker(
  ctx: TestContext,
  /** `fetch`: the platform's fetch settings; unset, the worker reads FETCH_* from the environment (vitest.config.ts). */
  options: {
    taskQueue?: string;
    limits?: Partial<CompartmentLimits>;
    importerModules?: string[];
    fetch?: PlatformFetchSettings;
    roles?: WorkerRole[];
    /** The incident channels (support/incidents.ts points them at the local receivers). */
    incidents?: ActivityDeps['incidents'];
    logger?: Logger;
  } = {},
): Promise<{ worker: LiaisonWorker; stop(): Promise<void> }> {
  const worker = await createWorker({
    connection: ctx.env.nativeConnection,
    namespace: ctx.stack.namespace,
    taskQueue: options.taskQueue ?? ctx.taskQueue,
    deps: {
      db: ctx.database.db,
      sql: ctx.database.sql,
      temporal: ctx.env.client,
      databaseUrl: ctx.stack.databaseUrl,
      links: { temporalUiUrl: 'http://localhost:8233', namespace: ctx.stack.namespace, apiUrl: 'http://127.0.0.1:3000' },
      compartment: { limits: { ...DEFAULT_LIMITS, ...options.limits }, importerModules: options.importerModules ?? [], batchSize: 500 },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.incidents ? { incidents: options.incidents } : {}),
    },
    workflowBundle: { codePath: ctx.stack.workflowBundlePath },
    activityInterceptors: [deployFaults],
    ...(options.roles ? { roles: options.roles } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

/** A client and an import row, as the API would file them. */
export async function insertImport(ctx: TestContext, overrides: Partial<typeof imports.$inferInsert> = {}) {
  const [client] = await ctx.database.db
    .insert(clients)
    .values({ name: `Client ${randomUUID()}` })
    .returning();
  const [row] = await ctx.database.db
    .insert(imports)
    .values({
      id: randomUUID(),
      clientId: client!.id,
      name: 'Career site',
      kind: 'html',
      sourceUrls: ['https://jobs.example.fr/offres'],
      requestedBy: 'am.claire',
      ...overrides,
    })
    .returning();
  return row!;
}
