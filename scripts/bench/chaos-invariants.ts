// What must hold after the chaos run, whatever was killed when: checked against Postgres and Temporal.
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { WORKFLOW_TYPES } from '../../contracts/workflow-types';
import type postgres from 'postgres';
import { CHANGED_TITLE, type ChangeCounts, type ImportTruth, totalChanges } from './chaos-truth';

export interface StartedRun {
  importId: string;
  round: number;
  workflowId: string;
  /** The workflow's outcome; 'stuck' when it had not ended by the deadline; null while it runs. */
  outcome: string | null;
  /** Applied: the changes its round must have made. */
  expected: ChangeCounts | null;
}

const TERMINAL_RUN_STATUSES = ['applied', 'failed', 'quarantined', 'discarded'];

/** Every broken invariant, as a sentence naming the run or import; empty when all hold. */
export async function checkInvariants(
  target: { client: Client; sql: postgres.Sql; taskQueue: string },
  imports: { id: string; truth: ImportTruth }[],
  started: StartedRun[],
): Promise<string[]> {
  const { sql } = target;
  const violations: string[] = [];
  const importIds = imports.map((i) => i.id);

  // Every run ended exactly once: its workflow closed, with one runs row in the terminal status it reported.
  const rows = await sql<{ id: string; workflow_id: string; status: string }[]>`select id, workflow_id, status from runs where import_id = any(${importIds}::uuid[])`;
  const rowsByWorkflow = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) rowsByWorkflow.set(row.workflow_id, [...(rowsByWorkflow.get(row.workflow_id) ?? []), row]);
  const runIdOf = new Map<string, string>();
  for (const run of started) {
    if (run.outcome === null || run.outcome === 'stuck') violations.push(`run ${run.workflowId} did not end (stuck): ${await whereItWaits(target.client, run.workflowId)}`);
    const own = rowsByWorkflow.get(run.workflowId) ?? [];
    if (own.length !== 1) violations.push(`run ${run.workflowId} has ${own.length} runs rows, expected 1`);
    const row = own[0];
    if (row) runIdOf.set(run.workflowId, row.id);
    if (row && !TERMINAL_RUN_STATUSES.includes(row.status)) violations.push(`run ${run.workflowId} is left "${row.status}" in the runs table`);
    if (row && run.outcome && run.outcome !== 'stuck' && row.status !== run.outcome) violations.push(`run ${run.workflowId} ended "${run.outcome}" but its row says "${row.status}"`);
    // A failed run's workflow fails as well (after its row is marked): COMPLETED or FAILED, matching the row.
    const { status } = await target.client.workflow.getHandle(run.workflowId).describe();
    const expectedStatus = run.outcome === 'failed' ? 'FAILED' : 'COMPLETED';
    if (status.name !== expectedStatus) violations.push(`workflow ${run.workflowId} is ${status.name}, expected ${expectedStatus} (outcome ${run.outcome})`);
  }
  // No orphaned run rows: each belongs to a workflow that was started.
  const startedIds = new Set(started.map((r) => r.workflowId));
  for (const row of rows) if (!startedIds.has(row.workflow_id)) violations.push(`orphaned runs row ${row.id} (workflow ${row.workflow_id} was never started)`);
  // Nothing of the chaos still running in Temporal (a retry of a run started twice would show here).
  const query = `WorkflowType = '${WORKFLOW_TYPES.importRun}' AND ExecutionStatus = 'Running' AND TaskQueue = '${target.taskQueue}'`;
  for await (const w of target.client.workflow.list({ query })) violations.push(`workflow ${w.workflowId} still running in Temporal`);

  // Job rows equal the feeds' truth: the same jobs, open or closed, with the title of the last applied round.
  const jobs = await sql<{ import_id: string; external_id: string; status: string; changed: boolean }[]>`
    select import_id, external_id, status, position(${CHANGED_TITLE} in data->>'title') > 0 as changed from jobs where import_id = any(${importIds}::uuid[])`;
  for (const { id, truth } of imports) {
    const actual = new Map(jobs.filter((j) => j.import_id === id).map((j) => [j.external_id, j]));
    for (const [externalId, job] of truth.jobs) {
      const row = actual.get(externalId);
      if (!row) violations.push(`import ${id}: job ${externalId} missing`);
      else if ((row.status === 'open') !== job.open || (job.open && row.changed !== job.changed))
        violations.push(`import ${id}: job ${externalId} is ${row.status}${row.changed ? ' (changed title)' : ''}, expected ${job.open ? 'open' : 'closed'}${job.changed ? ' (changed title)' : ''}`);
    }
    for (const externalId of actual.keys()) if (!truth.jobs.has(externalId)) violations.push(`import ${id}: job ${externalId} should not exist`);
  }

  // One job_changes row per real change: per run, by operation; none for a run that was not applied.
  const changes = await sql<{ run_id: string; op: string; n: number }[]>`
    select c.run_id, c.op, count(*)::int as n from job_changes c join jobs j on j.id = c.job_id
    where j.import_id = any(${importIds}::uuid[]) group by c.run_id, c.op`;
  const logged = new Map<string, Record<string, number>>();
  for (const c of changes) logged.set(c.run_id, { ...logged.get(c.run_id), [c.op]: c.n });
  const knownRunIds = new Set(runIdOf.values());
  for (const runId of logged.keys()) if (!knownRunIds.has(runId)) violations.push(`job_changes rows of run ${runId}, which is none of the chaos runs`);
  for (const run of started) {
    const runId = runIdOf.get(run.workflowId);
    if (!runId) continue;
    const got = logged.get(runId) ?? {};
    const want = run.expected ?? { create: 0, update: 0, close: 0, reopen: 0 };
    const gotTotal = Object.values(got).reduce((a, b) => a + b, 0);
    const same = (['create', 'update', 'close', 'reopen'] as const).every((op) => (got[op] ?? 0) === want[op]) && gotTotal === totalChanges(want);
    if (!same) violations.push(`run ${run.workflowId} (round ${run.round}, ${run.outcome}): job_changes ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  return violations;
}

/** What an unfinished run waits on: its pending activities and workflow task, and the last events of its history. */
async function whereItWaits(client: Client, workflowId: string): Promise<string> {
  try {
    const handle = client.workflow.getHandle(workflowId);
    const { raw } = await handle.describe();
    const activities = (raw.pendingActivities ?? []).map(
      (a) =>
        `${a.activityType?.name} state ${a.state} attempt ${a.attempt} on ${a.lastWorkerIdentity || '—'}` +
        (a.lastFailure?.message ? ` (last failure: ${a.lastFailure.message.slice(0, 200)})` : ''),
    );
    const task = raw.pendingWorkflowTask ? `workflow task state ${raw.pendingWorkflowTask.state} attempt ${raw.pendingWorkflowTask.attempt}` : 'no workflow task';
    const history = await handle.fetchHistory();
    const tail = (history.events ?? []).slice(-8).map((e) => {
      const type = (proto.temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? String(e.eventType)).replace('EVENT_TYPE_', '');
      const failed = e.workflowTaskFailedEventAttributes?.failure?.message ?? e.activityTaskFailedEventAttributes?.failure?.message;
      return failed ? `${type} (${failed.slice(0, 200)})` : type;
    });
    return `pending activities [${activities.join('; ')}]; ${task}; last events ${tail.join(' → ')}`;
  } catch (err) {
    return `(not described: ${String(err).slice(0, 200)})`;
  }
}
