import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createLifecycleActivities } from '../activities/lifecycle.activities';
import { estimateUpdate, lifecycleWorkflowId, SEARCH_ATTRIBUTES, stateQuery, type LifecycleState, WORKFLOW_TYPES } from '../contracts';
import { importDecisions, imports } from '../db/schema';
import { insertImport } from './support/stack';
import { maybeRecordHistory } from './support/histories';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });

async function startLifecycle() {
  const row = await insertImport(stack.ctx);
  const handle = await stack.ctx.env.client.workflow.start(WORKFLOW_TYPES.importLifecycle, {
    workflowId: lifecycleWorkflowId(row.id),
    taskQueue: stack.ctx.taskQueue,
    args: [{ importId: row.id, clientId: row.clientId, requestedBy: 'am.claire' }],
    typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.ImportId, value: row.id }],
  });
  // The request itself is the first decision, recorded before any other is accepted.
  await expect.poll(async () => (await handle.query(stateQuery)).history.length, { timeout: 20_000 }).toBe(1);
  return { row, handle };
}

describe('importLifecycle on the real Temporal server, with real activities on Postgres', () => {
  it('records the request, then an estimate sent as an update, in Postgres and on the workflow', async () => {
    const { row, handle } = await startLifecycle();

    const state: LifecycleState = await handle.executeUpdate(estimateUpdate, { args: [{ estimator: 'dev.lucas', days: 3.5, comment: 'Deux gabarits de liste' }] });

    expect(state.stage).toBe('estimated');
    expect(state.estimateDays).toBe(3.5);
    expect(state.history.map((d) => [d.kind, d.actor, d.from, d.to])).toEqual([
      ['requested', 'am.claire', null, 'requested'],
      ['estimate', 'dev.lucas', 'requested', 'estimated'],
    ]);
    const [stored] = await stack.ctx.database.db.select().from(imports).where(eq(imports.id, row.id));
    expect(stored).toMatchObject({ stage: 'estimated', estimateDays: 3.5 });
    const decisions = await stack.ctx.database.db.select().from(importDecisions).where(eq(importDecisions.importId, row.id)).orderBy(importDecisions.seq);
    expect(decisions.map((d) => [d.kind, d.actor, d.fromStage, d.toStage, d.comment])).toEqual([
      ['requested', 'am.claire', null, 'requested', null],
      ['estimate', 'dev.lucas', 'requested', 'estimated', 'Deux gabarits de liste'],
    ]);
    expect(decisions[1]!.data).toEqual({ days: 3.5 });
    // Temporal UI can filter on the stage.
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.Stage)).toBe('estimated');

    await maybeRecordHistory(handle, 'import-lifecycle-estimate');
  });

  it('rejects an invalid estimate in the validator: nothing reaches history or Postgres', async () => {
    const { row, handle } = await startLifecycle();

    const error = await handle.executeUpdate(estimateUpdate, { args: [{ estimator: 'dev.lucas', days: 0 }] }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('InvalidDecision');
    expect((cause as ApplicationFailure).message).toMatch(/days: must be a number above 0/);
    expect((await handle.query(stateQuery)).stage).toBe('requested');
    const decisions = await stack.ctx.database.db.select().from(importDecisions).where(eq(importDecisions.importId, row.id));
    expect(decisions).toHaveLength(1);
  });
});

describe('recordDecision activity', () => {
  it('is idempotent: the same decision twice writes one row', async () => {
    const row = await insertImport(stack.ctx);
    const { recordDecision } = createLifecycleActivities({ db: stack.ctx.database.db });
    const input = {
      importId: row.id,
      decision: { id: `test/${row.id}/estimate-1`, kind: 'estimate' as const, actor: 'dev.ana', from: 'requested' as const, to: 'estimated' as const, comment: null, at: new Date().toISOString() },
      data: { days: 2 },
    };
    await recordDecision(input);
    await recordDecision(input);
    const decisions = await stack.ctx.database.db.select().from(importDecisions).where(eq(importDecisions.importId, row.id));
    expect(decisions).toHaveLength(1);
    const [stored] = await stack.ctx.database.db.select().from(imports).where(eq(imports.id, row.id));
    expect(stored).toMatchObject({ stage: 'estimated', estimateDays: 2 });
  });

  it('fails without retry when the import does not exist', async () => {
    const { recordDecision } = createLifecycleActivities({ db: stack.ctx.database.db });
    const error = await recordDecision({
      importId: '00000000-0000-4000-8000-000000000000',
      decision: { id: 'test/missing', kind: 'estimate', actor: 'dev.ana', from: 'requested', to: 'estimated', comment: null, at: new Date().toISOString() },
      data: null,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('ImportNotFound');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
  });
});
