// The first staging run as a child of the lifecycle, decided by the workflow: a quarantined run sends the
// import back to development; a cancel while the run waits in quarantine cancels it and undoes the set-up.
import { ScheduleNotFoundError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cancelUpdate, deployStagingUpdate, scheduleId, stateQuery, type LifecycleInput } from '../contracts';
import { runs } from '../db/schema';
import { maybeRecordHistory } from './support/histories';
import { driveTo, startLifecycle, submission } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true });

/** A lifecycle approved for staging on the Greenhouse fixture board, then deployed. */
async function deployed(input: Partial<LifecycleInput>) {
  const started = await startLifecycle(stack.ctx, input);
  const submit = submission({ config: { ...stack.sites.sites.greenhouse.importerConfig() }, fetchPolicy: { totalTimeoutMs: 10_000 } });
  await driveTo(started.handle, 'approved', { submit });
  const state = await started.handle.executeUpdate(deployStagingUpdate, { args: [{ by: 'dev.bob' }] });
  expect(state.stage).toBe('staging');
  return { ...started, runWorkflowId: state.staging!.runWorkflowId! };
}

const runRow = async (workflowId: string) => (await stack.ctx.database.db.select().from(runs).where(eq(runs.workflowId, workflowId)))[0];

describe('the first staging run', () => {
  it('sends the import back to development when the run is quarantined, naming the failed checks', async () => {
    stack.sites.sites.greenhouse.setFault({ kind: 'drop', keep: 0 });
    let started;
    try {
      started = await deployed({ stagingQuarantineTimeout: '1 second' });
      await expect.poll(async () => (await started!.handle.query(stateQuery)).stage, { timeout: 60_000, interval: 500 }).toBe('in_development');
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    const run = await runRow(started.runWorkflowId);
    expect(run?.status).toBe('discarded');
    const state = await started.handle.query(stateQuery);
    expect(state.staging).toMatchObject({ runId: run!.id, outcome: 'quarantined' });
    expect(state.history.at(-1)).toMatchObject({
      kind: 'staging_run',
      actor: 'liaison',
      from: 'staging',
      to: 'in_development',
      comment: `Staging run ${run!.id} was quarantined and discarded; failed checks: minimum_count. Back to development.`,
    });
    await maybeRecordHistory(started.handle, 'import-lifecycle-staging-quarantined');
  });

  it('is cancelled with the import: the run is discarded, the schedule deleted, the workflow ends', async () => {
    stack.sites.sites.greenhouse.setFault({ kind: 'drop', keep: 0 });
    let started;
    try {
      started = await deployed({ stagingQuarantineTimeout: '1 hour' });
      await expect.poll(async () => (await runRow(started!.runWorkflowId))?.status, { timeout: 60_000, interval: 500 }).toBe('quarantined');
    } finally {
      stack.sites.sites.greenhouse.setFault(null);
    }
    const state = await started.handle.executeUpdate(cancelUpdate, { args: [{ by: 'am.claire', reason: 'Client lost' }] });
    expect([state.stage, state.staging?.outcome, state.staging?.scheduleId]).toEqual(['cancelled', 'cancelled', null]);
    expect(await started.handle.result()).toMatchObject({ stage: 'cancelled' });

    const run = await runRow(started.runWorkflowId);
    expect([run?.status, run?.decidedBy]).toEqual(['discarded', 'am.claire']);
    expect((await stack.ctx.env.client.workflow.getHandle(started.runWorkflowId).describe()).status.name).toBe('CANCELLED');
    const error = await stack.ctx.env.client.schedule
      .getHandle(scheduleId(started.row.id, 'staging'))
      .describe()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScheduleNotFoundError);
    const open = await stack.ctx.database.db.select().from(runs).where(and(eq(runs.importId, started.row.id), eq(runs.status, 'quarantined')));
    expect(open).toEqual([]);
    await maybeRecordHistory(started.handle, 'import-lifecycle-cancel-during-staging-run');
  });
});
