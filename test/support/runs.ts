import { fileURLToPath } from 'node:url';
import { WorkflowFailedError } from '@temporalio/client';
import { eq, and } from 'drizzle-orm';
import { createRunActivities } from '../../activities/runs/runs.activities';
import { runWorkflowId, type EnvironmentName, type ImportRunInput, type ImportRunResult, WORKFLOW_TYPES } from '../../contracts';
import { importConfigs, jobs } from '../../db/schema';
import { insertImport, type TestContext } from './stack';

export const RUNAWAY_IMPORTERS = fileURLToPath(new URL('../fixtures/importers/runaway.ts', import.meta.url));

/** An import configured for one environment (importer, config, checks), fetching from 127.0.0.1. */
export async function configuredImport(
  ctx: TestContext,
  options: { importerKey: string; config: Record<string, unknown>; checks?: Record<string, unknown>; environment?: EnvironmentName },
) {
  const row = await insertImport(ctx, { kind: 'xml' });
  await ctx.database.db.insert(importConfigs).values({
    importId: row.id,
    environment: options.environment ?? 'production',
    importerKey: options.importerKey,
    config: options.config,
    checks: options.checks ?? {},
    fetchPolicy: { totalTimeoutMs: 10_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
  });
  return row;
}

let counter = 0;

/** Starts an importRun workflow on the test's task queue. */
export function startRun(ctx: TestContext, importId: string, extra: Partial<ImportRunInput> = {}, taskQueue = ctx.taskQueue) {
  const environment = extra.environment ?? 'production';
  counter += 1;
  return ctx.env.client.workflow.start(WORKFLOW_TYPES.importRun, {
    workflowId: runWorkflowId(importId, environment, new Date(Date.now() + counter)),
    taskQueue,
    args: [{ importId, environment, trigger: 'manual', ...extra } satisfies ImportRunInput],
  });
}

export async function runToEnd(ctx: TestContext, importId: string, extra: Partial<ImportRunInput> = {}): Promise<ImportRunResult> {
  const handle = await startRun(ctx, importId, extra);
  return handle.result() as Promise<ImportRunResult>;
}

/** The failure an importRun ended with (its ApplicationFailure cause). */
export async function runFailure(ctx: TestContext, importId: string, taskQueue = ctx.taskQueue) {
  const handle = await startRun(ctx, importId, {}, taskQueue);
  const error = await handle.result().catch((e: unknown) => e);
  if (!(error instanceof WorkflowFailedError)) throw new Error(`expected the run to fail, got ${JSON.stringify(error)}`);
  return { handle, cause: error.cause as Error & { type?: string; details?: unknown[] } };
}

export async function openJobs(ctx: TestContext, importId: string, environment: EnvironmentName = 'production') {
  const rows = await ctx.database.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.importId, importId), eq(jobs.environment, environment)));
  return rows.filter((j) => j.status === 'open').map((j) => j.externalId).sort();
}

/** The run activities outside a worker, on the test's database: for a test calling `applyRun` and the like directly. */
export function runActivitiesOf(ctx: TestContext) {
  return createRunActivities({
    sql: ctx.database.sql,
    databaseUrl: ctx.stack.databaseUrl,
    links: { temporalUiUrl: 'http://localhost:8233', namespace: 'default', apiUrl: null },
    compartment: { limits: { timeoutMs: 60_000, maxHeapMb: 256 }, importerModules: [], batchSize: 100 },
  });
}
