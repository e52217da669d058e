// Lifecycle decisions sent straight to the workflow as updates (no API): validators, the queue position,
// search attributes, and continue-as-new carrying the whole state.
import { temporal } from '@temporalio/proto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  assignUpdate,
  deployStagingUpdate,
  historyQuery,
  planUpdate,
  reviewUpdate,
  SEARCH_ATTRIBUTES,
  startDevelopmentUpdate,
  stateQuery,
  submitForReviewUpdate,
  type LifecycleState,
} from '../contracts';
import { importPlans, imports } from '../db/schema';
import { maybeRecordHistory } from './support/histories';
import { driveTo, recordedDecisions, rejection, startLifecycle, submission } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true });

const { EventType } = temporal.api.enums.v1;
const eventCount = async (handle: Awaited<ReturnType<typeof startLifecycle>>['handle'], type: temporal.api.enums.v1.EventType) =>
  ((await handle.fetchHistory()).events ?? []).filter((e) => e.eventType === type).length;

describe('lifecycle decisions sent as updates', () => {
  it('refuses a self-review in the validator: nothing reaches the history nor Postgres', async () => {
    const { row, handle } = await startLifecycle(stack.ctx);
    await driveTo(handle, 'in_review');

    expect(await rejection(handle.executeUpdate(reviewUpdate, { args: [{ by: 'dev.ana', decision: 'approve' }] }))).toEqual({
      type: 'InvalidDecision',
      message: 'a developer cannot review their own work: dev.ana is the author of revision 1',
    });

    const state = await handle.query(stateQuery);
    expect(state.stage).toBe('in_review');
    expect(state.review).toBeNull();
    expect(await recordedDecisions(stack.ctx, row.id)).toEqual([
      ['requested', 'am.claire', null, 'requested'],
      ['estimate', 'dev.lucas', 'requested', 'estimated'],
      ['plan', 'lead.ines', 'estimated', 'planned'],
      ['assign', 'lead.ines', 'planned', 'assigned'],
      ['start_development', 'dev.ana', 'assigned', 'in_development'],
      ['submit_review', 'dev.ana', 'in_development', 'in_review'],
    ]);
    // Five accepted updates; the rejected one left no event.
    expect(await eventCount(handle, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(5);
  });

  it('refuses decisions that do not fit the stage, or come from the wrong person, with the reason', async () => {
    const { handle } = await startLifecycle(stack.ctx);

    expect(await rejection(handle.executeUpdate(deployStagingUpdate, { args: [{ by: 'dev.bob' }] }))).toEqual({
      type: 'WrongStage',
      message: 'A staging deploy is accepted in stage "in_review", not "requested"',
    });
    expect(await rejection(handle.executeUpdate(startDevelopmentUpdate, { args: [{ by: 'dev.ana' }] }))).toEqual({
      type: 'WrongStage',
      message: 'Starting development is accepted in stage "assigned", not "requested"',
    });
    await driveTo(handle, 'estimated');
    expect(await rejection(handle.executeUpdate(planUpdate, { args: [{ by: 'lead.ines', priority: 7, wantedDate: '2027-01-01' }] }))).toEqual({
      type: 'InvalidDecision',
      message: 'priority: must be an integer from 1 (highest) to 5',
    });
    expect(await rejection(handle.executeUpdate(planUpdate, { args: [{ by: 'lead.ines', priority: 2, wantedDate: '2027-02-30' }] }))).toEqual({
      type: 'InvalidDecision',
      message: 'wantedDate: must be a date as YYYY-MM-DD',
    });
    await handle.executeUpdate(planUpdate, { args: [{ by: 'lead.ines', priority: 2, wantedDate: '2027-02-28' }] });
    await handle.executeUpdate(assignUpdate, { args: [{ assignee: 'dev.ana', by: 'lead.ines' }] });
    expect(await rejection(handle.executeUpdate(startDevelopmentUpdate, { args: [{ by: 'dev.bob' }] }))).toEqual({
      type: 'InvalidDecision',
      message: 'only the assignee (dev.ana) can start development, not dev.bob',
    });
    await handle.executeUpdate(startDevelopmentUpdate, { args: [{ by: 'dev.ana' }] });
    await handle.executeUpdate(submitForReviewUpdate, { args: [submission()] });
    expect(await rejection(handle.executeUpdate(deployStagingUpdate, { args: [{ by: 'dev.bob' }] }))).toEqual({
      type: 'WrongStage',
      message: 'A staging deploy needs an approved review: revision 1 is awaiting review',
    });
    expect(await rejection(handle.executeUpdate(reviewUpdate, { args: [{ by: 'dev.bob', decision: 'request_changes' }] }))).toEqual({
      type: 'InvalidDecision',
      message: 'comments: required when requesting changes (what to change)',
    });
    expect((await handle.query(stateQuery)).stage).toBe('in_review');
  });

  it('refuses the deploy of a configuration its importer rejects, and stays in review', async () => {
    const { row, handle } = await startLifecycle(stack.ctx);
    await driveTo(handle, 'approved', { submit: submission({ config: { baseUrl: 'http://127.0.0.1:9' } }) });

    const refused = await rejection(handle.executeUpdate(deployStagingUpdate, { args: [{ by: 'dev.bob' }] }));
    expect(refused.type).toBe('InvalidDecision');
    expect(refused.message).toMatch(/^The reviewed configuration cannot be deployed: Invalid configuration for importer "greenhouse": config\.boardToken: /);
    const state = await handle.query(stateQuery);
    expect([state.stage, state.staging, state.review?.outcome]).toEqual(['in_review', null, 'approved']);
    expect((await recordedDecisions(stack.ctx, row.id)).at(-1)).toEqual(['review', 'dev.bob', 'in_review', 'in_review']);
  });

  it('keeps the queue position the plan got: priority first, then wanted date', async () => {
    const a = await startLifecycle(stack.ctx);
    const b = await startLifecycle(stack.ctx);
    const c = await startLifecycle(stack.ctx);
    // Dates long past, so that no other test's import comes before these.
    expect((await driveTo(a.handle, 'planned', { priority: 1, wantedDate: '1901-01-02' })).plan).toEqual({ priority: 1, wantedDate: '1901-01-02', by: 'lead.ines', queuePosition: 1 });
    expect((await driveTo(b.handle, 'planned', { priority: 1, wantedDate: '1901-01-01' })).plan?.queuePosition).toBe(1);
    // Priority before date: c (priority 2, earliest date) comes after a and b, and after every priority-1 import
    // other test files may have queued meanwhile — so its position lies between 3 and 1 + the priority-1 count
    // (counted in every stage: one may leave the queue between the plan and this count).
    const cPosition = (await driveTo(c.handle, 'planned', { priority: 2, wantedDate: '1900-01-01' })).plan?.queuePosition;
    const [{ ahead }] = (await stack.ctx.database.sql<{ ahead: number }[]>`
      select count(*)::int as ahead from imports where priority < 2`) as unknown as [{ ahead: number }];
    expect(cPosition).toBeGreaterThanOrEqual(3);
    expect(cPosition).toBeLessThanOrEqual(ahead + 1);
    expect((await a.handle.query(stateQuery)).plan?.queuePosition).toBe(1);

    const assigned: LifecycleState = await a.handle.executeUpdate(assignUpdate, { args: [{ assignee: 'dev.ana', by: 'lead.ines' }] });
    expect([assigned.stage, assigned.assignee]).toEqual(['assigned', 'dev.ana']);
    const attributes = (await a.handle.describe()).typedSearchAttributes;
    expect([attributes.get(SEARCH_ATTRIBUTES.Stage), attributes.get(SEARCH_ATTRIBUTES.Assignee)]).toEqual(['assigned', 'dev.ana']);
    const [plan] = await stack.ctx.database.db.select().from(importPlans).where(eq(importPlans.importId, a.row.id));
    expect(plan).toMatchObject({ wantedDate: '1901-01-02', plannedBy: 'lead.ines', assignee: 'dev.ana' });
    const [stored] = await stack.ctx.database.db.select().from(imports).where(eq(imports.id, a.row.id));
    expect([stored!.stage, stored!.priority]).toEqual(['assigned', 1]);
  });

  it('continues as new with the whole state once the history passes its threshold', async () => {
    const { row, handle } = await startLifecycle(stack.ctx, { continueAsNewAfterEvents: 10 });
    const firstRunId = (await handle.describe()).runId;
    await driveTo(handle, 'approved');

    // Each decision pushed the history past 10 events: one new run after each of the six.
    await expect.poll(async () => (await handle.query(stateQuery)).continuedAsNew, { timeout: 20_000 }).toBe(6);
    const state = await handle.query(stateQuery);
    expect(state.history.map((d) => d.kind)).toEqual(['requested', 'estimate', 'plan', 'assign', 'start_development', 'submit_review', 'review']);
    expect(state.history.map((d) => [d.kind, d.actor, d.from, d.to])).toEqual(await recordedDecisions(stack.ctx, row.id));
    expect(await handle.query(historyQuery)).toEqual(state.history);
    expect(state).toMatchObject({
      stage: 'in_review',
      estimateDays: 3,
      assignee: 'dev.ana',
      plan: { priority: 3, wantedDate: '2027-03-01', by: 'lead.ines' },
      submission: { revision: 1, importerKey: 'greenhouse', version: 'v1', by: 'dev.ana' },
      review: { revision: 1, outcome: 'approved', by: 'dev.bob' },
      // requested, five stage changes and the approval.
      reminders: { entry: 7, stage: 'in_review', sent: [] },
    });
    const latest = await handle.describe();
    expect(latest.runId).not.toBe(firstRunId);
    expect([latest.typedSearchAttributes.get(SEARCH_ATTRIBUTES.Stage), latest.typedSearchAttributes.get(SEARCH_ATTRIBUTES.Assignee)]).toEqual(['in_review', 'dev.ana']);
    expect((await stack.ctx.env.client.workflow.getHandle(handle.workflowId, firstRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');

    await maybeRecordHistory(stack.ctx.env.client.workflow.getHandle(handle.workflowId, latest.runId), 'import-lifecycle-continued-as-new');
  });
});
