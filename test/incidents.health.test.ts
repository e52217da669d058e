// The health workflow's own bookkeeping: it continues as new when its history grows, carrying its state, and
// refuses decisions on incidents it does not hold.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { acknowledgeIncidentUpdate, healthReportSignal, healthStateQuery, healthWorkflowId, type HealthReport, type ImportHealthInput, WORKFLOW_TYPES } from '../contracts';
import { incidentsOf, useIncidentWorker } from './support/incidents';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();
useIncidentWorker(stack, { escalateAfterMs: 3_600_000 });

describe('health workflow', () => {
  it('continues as new past its history limit, keeping its state and its open incident', { timeout: 180_000 }, async () => {
    const imp = await insertImport(stack.ctx);
    const workflowId = healthWorkflowId(imp.id, 'staging');
    const input: ImportHealthInput = { importId: imp.id, environment: 'staging', escalateAfterMs: 3_600_000 };
    const missed: HealthReport = { source: 'watchdog', kind: 'schedule_missed', summary: 'Schedule missed (test)', lastSuccessAt: null, at: new Date().toISOString() };
    const handle = await stack.ctx.env.client.workflow.signalWithStart(WORKFLOW_TYPES.importHealth, { workflowId, taskQueue: stack.ctx.taskQueue, args: [input], signal: healthReportSignal, signalArgs: [missed] });
    await expect.poll(async () => (await incidentsOf(stack.ctx, imp.id)).length, { timeout: 30_000 }).toBe(1);
    const firstRunId = (await handle.describe()).runId;

    // Reports that change nothing (a discarded run was already reported when quarantined): history only grows.
    const at = new Date().toISOString();
    // At least one event each: 2,200 of them pass the workflow's 2,000-event limit whatever the batching.
    for (let batch = 0; batch < 44; batch += 1) {
      await Promise.all(
        Array.from({ length: 50 }, () => handle.signal(healthReportSignal, { source: 'run', runId: randomUUID(), outcome: 'discarded', kind: null, summary: 'discarded', at })),
      );
    }
    await expect.poll(async () => (await stack.ctx.env.client.workflow.getHandle(workflowId).describe()).runId, { timeout: 60_000, interval: 500 }).not.toBe(firstRunId);
    const state = await stack.ctx.env.client.workflow.getHandle(workflowId).query(healthStateQuery);
    expect(state.open).toEqual([expect.objectContaining({ kind: 'schedule_missed', acknowledged: false })]);

    // The incident opened before the continue-as-new is still the new run's to acknowledge.
    const [incident] = await incidentsOf(stack.ctx, imp.id);
    const acked = await stack.ctx.env.client.workflow.getHandle(workflowId).executeUpdate(acknowledgeIncidentUpdate, { args: [{ incidentId: incident!.id, by: 'ops.marc' }] });
    expect(acked.open[0]).toMatchObject({ incidentId: incident!.id, acknowledged: true });
    expect((await incidentsOf(stack.ctx, imp.id))[0]).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ops.marc' });
  });

  it('refuses to acknowledge an incident it does not hold, or without a name', async () => {
    const imp = await insertImport(stack.ctx);
    const input: ImportHealthInput = { importId: imp.id, environment: 'staging', escalateAfterMs: 3_600_000 };
    const handle = await stack.ctx.env.client.workflow.signalWithStart(WORKFLOW_TYPES.importHealth, {
      workflowId: healthWorkflowId(imp.id, 'staging'),
      taskQueue: stack.ctx.taskQueue,
      args: [input],
      signal: healthReportSignal,
      signalArgs: [{ source: 'run', runId: randomUUID(), outcome: 'discarded', kind: null, summary: 'discarded', at: new Date().toISOString() }],
    });
    const unknown = await handle.executeUpdate(acknowledgeIncidentUpdate, { args: [{ incidentId: 424242, by: 'ops.marc' }] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((unknown as WorkflowUpdateFailedError).cause as Error & { type?: string }).type).toBe('WrongStage');
    const nameless = await handle.executeUpdate(acknowledgeIncidentUpdate, { args: [{ incidentId: 1, by: ' ' }] }).catch((e: unknown) => e);
    expect(((nameless as WorkflowUpdateFailedError).cause as Error & { type?: string }).type).toBe('InvalidDecision');
  });
});
