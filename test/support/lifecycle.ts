// Shared steps of the lifecycle tests: a lifecycle started as the API would start it, and the decisions that
// bring an import to a given stage. (The API on the test's task queue is in ./api.)
import type { WorkflowHandle } from '@temporalio/client';
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import {
  assignUpdate,
  estimateUpdate,
  lifecycleWorkflowId,
  planUpdate,
  reviewUpdate,
  SEARCH_ATTRIBUTES,
  startDevelopmentUpdate,
  stateQuery,
  submitForReviewUpdate,
  type LifecycleInput,
  type SubmitReviewRequest,
  WORKFLOW_TYPES,
} from '../../contracts';
import { importDecisions, notifications } from '../../db/schema';
import { insertImport, type TestContext } from './stack';

export { startApi, type TestApi } from './api';


/** An import row and its lifecycle workflow, once the request itself is recorded. */
export async function startLifecycle(ctx: TestContext, input: Partial<LifecycleInput> = {}) {
  const row = await insertImport(ctx);
  const handle = await ctx.env.client.workflow.start(WORKFLOW_TYPES.importLifecycle, {
    workflowId: lifecycleWorkflowId(row.id),
    taskQueue: ctx.taskQueue,
    args: [{ importId: row.id, clientId: row.clientId, requestedBy: 'am.claire', ...input } satisfies LifecycleInput],
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.ImportId, value: row.id },
      { key: SEARCH_ATTRIBUTES.Stage, value: 'requested' },
    ],
  });
  await expect.poll(async () => (await handle.query(stateQuery)).history.length, { timeout: 20_000 }).toBe(1);
  return { row, handle };
}

export const submission = (overrides: Partial<SubmitReviewRequest> = {}): SubmitReviewRequest => ({
  by: 'dev.ana',
  importerKey: 'greenhouse',
  version: 'v1',
  config: { boardToken: 'acme', baseUrl: 'http://127.0.0.1:9' },
  ...overrides,
});

const STEPS = ['estimated', 'planned', 'assigned', 'in_development', 'in_review', 'approved'] as const;

/** Sends the decisions (as updates, straight to the workflow) up to `until`; `approved` = in review, approved. */
export async function driveTo(handle: WorkflowHandle, until: (typeof STEPS)[number], options: { wantedDate?: string; priority?: number; submit?: SubmitReviewRequest } = {}) {
  const upTo = STEPS.indexOf(until);
  const steps: (() => Promise<unknown>)[] = [
    () => handle.executeUpdate(estimateUpdate, { args: [{ estimator: 'dev.lucas', days: 3 }] }),
    () => handle.executeUpdate(planUpdate, { args: [{ by: 'lead.ines', priority: options.priority ?? 3, wantedDate: options.wantedDate ?? '2027-03-01' }] }),
    () => handle.executeUpdate(assignUpdate, { args: [{ assignee: 'dev.ana', by: 'lead.ines' }] }),
    () => handle.executeUpdate(startDevelopmentUpdate, { args: [{ by: 'dev.ana' }] }),
    () => handle.executeUpdate(submitForReviewUpdate, { args: [options.submit ?? submission()] }),
    () => handle.executeUpdate(reviewUpdate, { args: [{ by: 'dev.bob', decision: 'approve' }] }),
  ];
  for (const step of steps.slice(0, upTo + 1)) await step();
  return handle.query(stateQuery);
}

/** The decisions recorded in Postgres, oldest first, as [kind, actor, from, to]. */
export async function recordedDecisions(ctx: TestContext, importId: string) {
  const rows = await ctx.database.db.select().from(importDecisions).where(eq(importDecisions.importId, importId)).orderBy(asc(importDecisions.seq));
  return rows.map((d) => [d.kind, d.actor, d.fromStage, d.toStage]);
}

export async function notificationsOf(ctx: TestContext, importId: string) {
  const rows = await ctx.database.db.select().from(notifications).where(eq(notifications.importId, importId)).orderBy(asc(notifications.id));
  return rows.map((n) => ({ stage: n.stage, recipient: n.recipient, kind: n.kind, message: n.message }));
}

/** The rejection of an update: its ApplicationFailure's type and message. */
export async function rejection(promise: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as { cause?: { type?: string; message: string } },
  );
  if (!error?.cause) throw new Error(`expected a rejected update, got ${JSON.stringify(error)}`);
  return { type: error.cause.type, message: error.cause.message };
}
