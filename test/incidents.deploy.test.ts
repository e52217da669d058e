// A failed production deploy opens a deploy_failed incident through the import's health workflow, with the step,
// the error and the link to the saga; the alert the saga writes is kept as before.
import { describe, expect, it } from 'vitest';
import { deployWorkflowId, healthStateQuery, healthWorkflowId, type ProductionDeployInput, type ProductionDeployResult, WORKFLOW_TYPES } from '../contracts';
import { deployAlerts, toProductionDeploy } from './support/deploy';
import { failDeployAt } from './support/deploy-faults';
import { maybeRecordHistory } from './support/histories';
import { incidentsOf, useIncidentWorker } from './support/incidents';
import { useStack } from './support/use-stack';

const stack = useStack({ sites: true });
const incidentWorker = useIncidentWorker(stack, { escalateAfterMs: 3_600_000 });

describe('deploy incidents', () => {
  it('a deploy failing at a step opens one deploy_failed incident naming the step, the error and the saga', { timeout: 240_000 }, async () => {
    const { row } = await toProductionDeploy(stack.ctx, stack.sites);
    const deployId = deployWorkflowId(row.id, 90);
    failDeployAt(deployId, 'setup');
    const handle = await stack.ctx.env.client.workflow.start(WORKFLOW_TYPES.productionDeploy, {
      workflowId: deployId,
      taskQueue: stack.ctx.taskQueue,
      args: [{ importId: row.id, deployId, by: 'ops.marc', source: { kind: 'staging', codeVersion: 'c0ffee1', reviewedBy: 'dev.bob' } } satisfies ProductionDeployInput],
    });
    const result = (await handle.result()) as ProductionDeployResult;
    expect(result).toMatchObject({ ok: false, failedStep: 'setup', error: { type: 'InjectedFault' } });
    expect(await deployAlerts(stack.ctx, row.id)).toHaveLength(1);

    await expect.poll(async () => (await incidentsOf(stack.ctx, row.id)).filter((i) => i.kind === 'deploy_failed').length, { timeout: 30_000 }).toBe(1);
    const incident = (await incidentsOf(stack.ctx, row.id)).find((i) => i.kind === 'deploy_failed')!;
    expect(incident).toMatchObject({ environment: 'production', status: 'open', count: 1, workflowId: healthWorkflowId(row.id, 'production') });
    expect(incident.summary).toMatch(new RegExp(`^Production deploy ${deployId} failed at step "setup": InjectedFault: `));
    const context = incident.context as any;
    expect(context).toMatchObject({ deploy: { id: deployId, workflowId: deployId }, step: 'setup', error: { type: 'InjectedFault' }, compensated: ['setup', 'snapshot'] });
    expect(context.links.temporalUi).toBe(`http://localhost:8233/namespaces/${stack.ctx.stack.namespace}/workflows/${encodeURIComponent(deployId)}`);
    await expect.poll(() => incidentWorker.webhook.received.filter((m) => m.text.includes('Incident opened: deploy_failed')).length, { timeout: 30_000 }).toBe(1);

    const state = await stack.ctx.env.client.workflow.getHandle(healthWorkflowId(row.id, 'production')).query(healthStateQuery);
    expect(state.open.map((o) => o.kind)).toEqual(['deploy_failed']);
    await maybeRecordHistory(handle, 'production-deploy-failed-reported');
  });
});
