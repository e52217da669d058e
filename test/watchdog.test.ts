// The watchdog on the real stack: a live import whose production schedule is paused (so no good run comes) is
// reported as `schedule_missed` through its health workflow; an import on time is not. Its schedule is idempotent.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWatchdogSchedule } from '../activities/incidents/watchdog-schedule';
import { scheduleId, type WatchdogInput, type WatchdogResult } from '../contracts';
import { importConfigs } from '../db/schema';
import { maybeRecordHistory } from './support/histories';
import { incidentsOf, messagesAbout, startIncidentWorker } from './support/incidents';
import { startWebhookReceiver, type WebhookReceiver } from './support/receivers';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();
let webhook: WebhookReceiver;
let worker: Awaited<ReturnType<typeof startIncidentWorker>>;

beforeAll(async () => {
  webhook = await startWebhookReceiver();
  worker = await startIncidentWorker(stack.ctx, { webhook, escalateAfterMs: 3_600_000 });
});

afterAll(async () => {
  await worker?.stop();
  await webhook?.close();
});

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
      action: { type: 'startWorkflow', workflowType: 'importRun', taskQueue: stack.ctx.taskQueue, args: [{ importId: row.id, environment: 'production', trigger: 'schedule' }] },
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
    const handle = await stack.ctx.env.client.workflow.start('watchdog', { workflowId: `watchdog-test-${randomUUID()}`, taskQueue: stack.ctx.taskQueue, args: [input] });
    const result = (await handle.result()) as WatchdogResult;
    // Its pruning is limited to these imports too: their seeded runs staged nothing.
    expect(result).toEqual({ checked: 2, reported: [{ importId: forgotten.id, environment: 'production' }], pruned: { runs: 0, records: 0 } });
    await maybeRecordHistory(handle, 'watchdog-reported');

    await expect.poll(async () => (await incidentsOf(stack.ctx, forgotten.id)).length, { timeout: 30_000 }).toBe(1);
    const [incident] = await incidentsOf(stack.ctx, forgotten.id);
    expect(incident).toMatchObject({ kind: 'schedule_missed', environment: 'production', status: 'open', count: 1 });
    expect(incident!.summary).toMatch(/^Schedule missed on "Live 60 min": last good run .+; schedule "\*\/5 \* \* \* \*" allows 11 min between good runs$/);
    expect((incident!.context as any).lastSuccessAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await incidentsOf(stack.ctx, onTime.id)).toEqual([]);
    await expect.poll(() => webhook.received.filter((m) => m.text.includes('Incident opened: schedule_missed')).length, { timeout: 30_000 }).toBe(1);
    expect(messagesAbout(webhook, 'Live 60 min')).toHaveLength(1);

    // A second sweep adds to the open incident, it does not open another nor notify again.
    const second = await stack.ctx.env.client.workflow.start('watchdog', { workflowId: `watchdog-test-${randomUUID()}`, taskQueue: stack.ctx.taskQueue, args: [input] });
    await second.result();
    await maybeRecordHistory(second, 'watchdog-reported-and-pruned');
    await expect.poll(async () => (await incidentsOf(stack.ctx, forgotten.id))[0]!.count, { timeout: 30_000 }).toBe(2);
    expect(await incidentsOf(stack.ctx, forgotten.id)).toHaveLength(1);
    expect(webhook.received.filter((m) => m.text.includes('schedule_missed'))).toHaveLength(1);
  });

  it('has a Temporal Schedule that creating twice leaves as one, running the watchdog', async () => {
    const id = `watchdog-test-${randomUUID()}`;
    expect(await ensureWatchdogSchedule(stack.ctx.env.client, { taskQueue: stack.ctx.taskQueue, graceMs: 60_000, scheduleId: id })).toEqual({ scheduleId: id, created: true });
    expect(await ensureWatchdogSchedule(stack.ctx.env.client, { taskQueue: stack.ctx.taskQueue, graceMs: 120_000, everyMinutes: 5, scheduleId: id })).toEqual({ scheduleId: id, created: false });
    const handle = stack.ctx.env.client.schedule.getHandle(id);
    const described = await handle.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'watchdog', taskQueue: stack.ctx.taskQueue, args: [{ graceMs: 120_000 }] });
    expect(described.spec.intervals?.map((i) => i.every)).toEqual([300_000]);
    await handle.delete();
  });
});
