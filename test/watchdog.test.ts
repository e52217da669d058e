// The watchdog on the real stack: a live import whose production schedule is paused (so no good run comes) is
// reported as `schedule_missed` through its health workflow; an import on time is not. Its schedule is idempotent.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ensureWatchdogSchedule } from '../activities/incidents/watchdog-schedule';
import { runWorkflowId, scheduleId, type WatchdogInput, type WatchdogResult, WORKFLOW_TYPES } from '../contracts';
import { importConfigs } from '../db/schema';
import { maybeRecordHistory } from './support/histories';
import { incidentsOf, messagesAbout, useIncidentWorker } from './support/incidents';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();
const incidentWorker = useIncidentWorker(stack, { escalateAfterMs: 3_600_000 });

/** A live import on a 5-minute production schedule whose last applied run finished `minutesAgo` ago. */
async function liveImport(minutesAgo: number, options: { pausedSchedule?: boolean } = {}) {
  const row = await insertImport(stack.ctx, { stage: 'live', name: `Live ${minutesAgo} min` });
  await stack.ctx.database.db.insert(importConfigs).values({ importId: row.id, environment: 'production', importerKey: 'demo-careers', config: {}, schedule: '*/5 * * * *' });
  await stack.ctx.database.sql`
    insert into runs (id, import_id, environment, workflow_id, importer_key, status, started_at, finished_at)
    values (${randomUUID()}, ${row.id}, 'production', ${`import-run:${row.id}:production:seed`}, 'demo-careers', 'applied',
      now() - make_interval(mins => ${minutesAgo + 1}), now() - make_interval(mins => ${minutesAgo}))`;
  if (options.pausedSchedule) {
    await stack.ctx.env.client.schedule.create({
      scheduleId: scheduleId(row.id, 'production'),
      spec: { cronExpressions: ['*/5 * * * *'] },
      action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.importRun, taskQueue: stack.ctx.taskQueue, args: [{ importId: row.id, environment: 'production', trigger: 'schedule' }] },
      state: { paused: true, note: 'paused by hand and forgotten' },
    });
  }
  return row;
}

describe('watchdog', () => {
  it('catches a paused-but-live import and opens a schedule_missed incident through its health workflow', { timeout: 120_000 }, async () => {
    const forgotten = await liveImport(60, { pausedSchedule: true });
    const onTime = await liveImport(2);
    const input: WatchdogInput = { graceMs: 60_000, onlyImports: [forgotten.id, onTime.id] };
    const handle = await stack.ctx.env.client.workflow.start(WORKFLOW_TYPES.watchdog, { workflowId: `watchdog-test-${randomUUID()}`, taskQueue: stack.ctx.taskQueue, args: [input] });
    const result = (await handle.result()) as WatchdogResult;
    // Its pruning is limited to these imports too: their seeded runs staged nothing.
    expect(result).toEqual({ checked: 2, reported: [{ importId: forgotten.id, environment: 'production' }], pruned: { runs: 0, records: 0 }, failedRuns: [] });
    await maybeRecordHistory(handle, 'watchdog-reported');

    await expect.poll(async () => (await incidentsOf(stack.ctx, forgotten.id)).length, { timeout: 30_000 }).toBe(1);
    const [incident] = await incidentsOf(stack.ctx, forgotten.id);
    expect(incident).toMatchObject({ kind: 'schedule_missed', environment: 'production', status: 'open', count: 1 });
    expect(incident!.summary).toMatch(/^Schedule missed on "Live 60 min": last good run .+; schedule "\*\/5 \* \* \* \*" allows 11 min between good runs$/);
    expect((incident!.context as any).lastSuccessAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await incidentsOf(stack.ctx, onTime.id)).toEqual([]);
    await expect.poll(() => incidentWorker.webhook.received.filter((m) => m.text.includes('Incident opened: schedule_missed')).length, { timeout: 30_000 }).toBe(1);
    expect(messagesAbout(incidentWorker.webhook, 'Live 60 min')).toHaveLength(1);

    // A second sweep adds to the open incident, it does not open another nor notify again.
    const second = await stack.ctx.env.client.workflow.start(WORKFLOW_TYPES.watchdog, { workflowId: `watchdog-test-${randomUUID()}`, taskQueue: stack.ctx.taskQueue, args: [input] });
    await second.result();
    await maybeRecordHistory(second, 'watchdog-reported-and-pruned');
    await expect.poll(async () => (await incidentsOf(stack.ctx, forgotten.id))[0]!.count, { timeout: 30_000 }).toBe(2);
    expect(await incidentsOf(stack.ctx, forgotten.id)).toHaveLength(1);
    expect(incidentWorker.webhook.received.filter((m) => m.text.includes('schedule_missed'))).toHaveLength(1);
  });

  it('fails runs left under way by a terminated workflow or by vanished staged records, opening incidents', { timeout: 120_000 }, async () => {
    const client = stack.ctx.env.client;
    // Workflows on a queue nobody polls: they stay RUNNING until terminated, and never touch the rows below.
    const idle = `nobody-polls-${randomUUID()}`;
    const workflow = async (importId: string) =>
      client.workflow.start(WORKFLOW_TYPES.importRun, { workflowId: runWorkflowId(importId, 'production', randomUUID()), taskQueue: idle, args: [{ importId, environment: 'production', trigger: 'manual' }] });
    const run = async (importId: string, workflowId: string, status: string, counts: Record<string, number> = {}) => {
      const id = randomUUID();
      await stack.ctx.database.sql`
        insert into runs (id, import_id, environment, workflow_id, importer_key, status, started_at, counts)
        values (${id}, ${importId}, 'production', ${workflowId}, 'demo-careers', ${status}, now() - interval '1 hour', ${JSON.stringify(counts)}::jsonb)`;
      return id;
    };
    const terminatedImport = await insertImport(stack.ctx, { name: 'Terminated run' });
    const terminated = await workflow(terminatedImport.id);
    await terminated.terminate('worker lost, workflow terminated by hand');
    const terminatedRun = await run(terminatedImport.id, terminated.workflowId, 'extracted', { records: 3, valid: 3, invalid: 0 });

    const lostImport = await insertImport(stack.ctx, { name: 'Lost stage' });
    const waiting = await workflow(lostImport.id);
    const lostRun = await run(lostImport.id, waiting.workflowId, 'quarantined', { records: 3, valid: 3, invalid: 0 });

    const healthyImport = await insertImport(stack.ctx, { name: 'Still extracting' });
    const extracting = await workflow(healthyImport.id);
    const healthyRun = await run(healthyImport.id, extracting.workflowId, 'running');

    try {
      const input: WatchdogInput = { graceMs: 60_000, onlyImports: [terminatedImport.id, lostImport.id, healthyImport.id], strandedAfterMs: 60_000 };
      const handle = await client.workflow.start(WORKFLOW_TYPES.watchdog, { workflowId: `watchdog-test-${randomUUID()}`, taskQueue: stack.ctx.taskQueue, args: [input] });
      const result = (await handle.result()) as WatchdogResult;
      expect(result.failedRuns).toEqual([
        { runId: terminatedRun, type: 'RunStranded' },
        { runId: lostRun, type: 'StagedRecordsLost' },
      ]);
      await maybeRecordHistory(handle, 'watchdog-reconciled');

      const rows = await stack.ctx.database.sql<{ id: string; status: string; error: { type: string; message: string } | null; finished_at: unknown }[]>`
        select id, status, error, finished_at from runs where id in ${stack.ctx.database.sql([terminatedRun, lostRun, healthyRun])}`;
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(terminatedRun)).toMatchObject({ status: 'failed', error: { type: 'RunStranded', message: expect.stringMatching(/left extracted: its workflow .+ ended terminated before the run ended/) } });
      expect(byId.get(lostRun)).toMatchObject({ status: 'failed', error: { type: 'StagedRecordsLost', message: expect.stringMatching(/staged records are gone \(0 of 3/) } });
      expect(byId.get(terminatedRun)!.finished_at).not.toBeNull();
      expect(byId.get(healthyRun)).toMatchObject({ status: 'running', error: null });
      const alertRows = await stack.ctx.database.sql<{ run_id: string }[]>`select run_id from alerts where kind = 'run_failed' and run_id in ${stack.ctx.database.sql([terminatedRun, lostRun, healthyRun])}`;
      expect(alertRows.map((a) => a.run_id).sort()).toEqual([terminatedRun, lostRun].sort());
      for (const imp of [terminatedImport, lostImport]) {
        await expect.poll(async () => (await incidentsOf(stack.ctx, imp.id)).map((i) => i.kind), { timeout: 30_000 }).toEqual(['platform_failed']);
      }
      expect(await incidentsOf(stack.ctx, healthyImport.id)).toEqual([]);

      // Once failed, a run is not found again.
      const again = await client.workflow.execute(WORKFLOW_TYPES.watchdog, { workflowId: `watchdog-test-${randomUUID()}`, taskQueue: stack.ctx.taskQueue, args: [input] });
      expect((again as WatchdogResult).failedRuns).toEqual([]);
    } finally {
      await waiting.terminate('test over').catch(() => undefined);
      await extracting.terminate('test over').catch(() => undefined);
    }
  });

  it('has a Temporal Schedule that creating twice leaves as one, running the watchdog', async () => {
    const id = `watchdog-test-${randomUUID()}`;
    expect(await ensureWatchdogSchedule(stack.ctx.env.client, { taskQueue: stack.ctx.taskQueue, graceMs: 60_000, scheduleId: id })).toEqual({ scheduleId: id, created: true });
    expect(await ensureWatchdogSchedule(stack.ctx.env.client, { taskQueue: stack.ctx.taskQueue, graceMs: 120_000, everyMinutes: 5, scheduleId: id })).toEqual({ scheduleId: id, created: false });
    const handle = stack.ctx.env.client.schedule.getHandle(id);
    const described = await handle.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: WORKFLOW_TYPES.watchdog, taskQueue: stack.ctx.taskQueue, args: [{ graceMs: 120_000 }] });
    expect(described.spec.intervals?.map((i) => i.every)).toEqual([300_000]);
    await handle.delete();
  });
});
