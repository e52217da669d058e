// Reminders are durable timers in the lifecycle workflow (no cron): after a stage's limit its owner is
// notified, after a second period the lead; a decision in time cancels them. Limits here are seconds.
import { temporal } from '@temporalio/proto';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { estimateUpdate, stateQuery } from '../contracts';
import { notifications } from '../db/schema';
import { maybeRecordHistory } from './support/histories';
import { notificationsOf, startLifecycle } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const { EventType } = temporal.api.enums.v1;

const reminder = (id: string, stage: string, limit: string, next: string) =>
  `Import ${id}: stage "${stage}" has waited longer than its limit of ${limit}; waiting for ${next}.`;

describe('lifecycle reminders', () => {
  it('reminds the owner after the limit and escalates to the lead after a second period, once each', async () => {
    const { row, handle } = await startLifecycle(stack.ctx, { reminders: { limits: { requested: '2 seconds' }, escalateAfter: '2 seconds', lead: 'lead.ines' } });

    await expect.poll(() => notificationsOf(stack.ctx, row.id), { timeout: 20_000, interval: 250 }).toHaveLength(2);
    expect(await notificationsOf(stack.ctx, row.id)).toEqual([
      { stage: 'requested', recipient: 'am.claire', kind: 'reminder', message: reminder(row.id, 'requested', '2 seconds', 'an estimate by a developer') },
      {
        stage: 'requested',
        recipient: 'lead.ines',
        kind: 'escalation',
        message: `Import ${row.id}: stage "requested" is still waiting 4 seconds after it began (am.claire was reminded after 2 seconds); waiting for an estimate by a developer.`,
      },
    ]);
    const rows = await stack.ctx.database.db.select().from(notifications).where(eq(notifications.importId, row.id)).orderBy(asc(notifications.id));
    // Durable timers from the stage's entry: never before the limit (2 s), nor the escalation before limit +
    // period (4 s). Lower bounds only: under load the reminder's write may come late, which narrows the gap between
    // the two rows, so the gap itself is not a fair thing to assert. Keys are per workflow, stage entry and kind.
    const enteredAt = Date.parse((await handle.query(stateQuery)).reminders.enteredAt);
    expect(rows[0]!.createdAt.getTime() - enteredAt).toBeGreaterThanOrEqual(1_900);
    expect(rows[1]!.createdAt.getTime() - enteredAt).toBeGreaterThanOrEqual(3_900);
    expect(rows.map((r) => r.key)).toEqual([`${handle.workflowId}/1/reminder`, `${handle.workflowId}/1/escalation`]);
    expect((await handle.query(stateQuery)).reminders).toMatchObject({ entry: 1, stage: 'requested', sent: ['reminder', 'escalation'] });

    await sleep(2_500);
    expect(await notificationsOf(stack.ctx, row.id)).toHaveLength(2);
    await maybeRecordHistory(handle, 'import-lifecycle-reminders');
  });

  it('cancels the timer of a stage left in time; the next stage has its own limit', async () => {
    const started = Date.now();
    const { row, handle } = await startLifecycle(stack.ctx, { reminders: { limits: { requested: '3 seconds', estimated: '2 seconds' }, escalateAfter: '1 hour', lead: 'lead.ines' } });
    await handle.executeUpdate(estimateUpdate, { args: [{ estimator: 'dev.lucas', days: 2 }] });

    await expect.poll(() => notificationsOf(stack.ctx, row.id), { timeout: 20_000, interval: 250 }).toHaveLength(1);
    // Past the 3 s of `requested`: its reminder never came.
    await sleep(Math.max(0, started + 4_000 - Date.now()));
    expect(await notificationsOf(stack.ctx, row.id)).toEqual([
      { stage: 'estimated', recipient: 'lead.ines', kind: 'reminder', message: reminder(row.id, 'estimated', '2 seconds', "the lead's plan (priority and wanted date)") },
    ]);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_CANCELED)).toHaveLength(1);
    expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)).toHaveLength(1);
  });

  it('carries what was sent across continue-as-new: no reminder twice', async () => {
    const { row, handle } = await startLifecycle(stack.ctx, {
      continueAsNewAfterEvents: 10,
      reminders: { limits: { requested: '2 seconds' }, escalateAfter: '2 seconds', lead: 'lead.ines' },
    });

    await expect.poll(() => notificationsOf(stack.ctx, row.id), { timeout: 20_000, interval: 250 }).toHaveLength(2);
    await sleep(2_500);
    expect((await notificationsOf(stack.ctx, row.id)).map((n) => [n.stage, n.kind, n.recipient])).toEqual([
      ['requested', 'reminder', 'am.claire'],
      ['requested', 'escalation', 'lead.ines'],
    ]);
    const state = await handle.query(stateQuery);
    // One new run after the reminder, one after the escalation.
    expect(state.continuedAsNew).toBe(2);
    expect(state.reminders).toMatchObject({ entry: 1, sent: ['reminder', 'escalation'] });
  });
});
