// What the chaos run watches after each kill (scripts/bench/chaos.ts): the runs in flight moving again (their runs
// rows), and what the killed worker held when it died and when each of those activities ran again elsewhere — the
// measure of "resumes on another worker", read from Temporal's pending activities of the runs in flight.
import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { StartedRun } from './chaos-invariants';

/** An activity the killed worker held, and when it was running again elsewhere (or done). */
export interface HeldActivity {
  workflowId: string;
  activityId: string;
  activityType: string;
  attempt: number;
  /** Kill → started again by another worker process, or no longer pending; null: not by the deadline. */
  resumedMs: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const STARTED = 2; // temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED

interface PendingActivity {
  activityId: string;
  activityType: string;
  state: number;
  attempt: number;
  identity: string;
}

async function pendingActivities(client: Client, workflowId: string): Promise<PendingActivity[]> {
  const { raw } = await client.workflow.getHandle(workflowId).describe();
  return (raw.pendingActivities ?? []).map((a) => ({
    activityId: a.activityId ?? '',
    activityType: a.activityType?.name ?? '',
    state: Number(a.state ?? 0),
    attempt: a.attempt ?? 0,
    identity: a.lastWorkerIdentity ?? '',
  }));
}

/** The activities a worker process (identity `<pid>@host`, the SDK's default) is running for the runs in flight. */
export async function heldBy(client: Client, runs: StartedRun[], pid: number): Promise<HeldActivity[]> {
  const held: HeldActivity[] = [];
  await Promise.all(
    runs.map(async (run) => {
      const pending = await pendingActivities(client, run.workflowId).catch(() => []);
      for (const a of pending) {
        if (a.state === STARTED && a.identity.startsWith(`${pid}@`)) {
          held.push({ workflowId: run.workflowId, activityId: a.activityId, activityType: a.activityType, attempt: a.attempt, resumedMs: null });
        }
      }
    }),
  );
  return held;
}

/** Fills `resumedMs` of each held activity: started by another process (a retry), or finished (no longer pending). */
export async function watchHeld(client: Client, held: HeldActivity[], deadIdentity: string, killedAt: number, deadline: number): Promise<void> {
  const waiting = new Set(held);
  while (waiting.size > 0 && Date.now() < deadline) {
    await Promise.all(
      [...waiting].map(async (h) => {
        const pending = await pendingActivities(client, h.workflowId).catch(() => null);
        if (pending === null) return;
        const now = pending.find((a) => a.activityId === h.activityId);
        if (!now || (now.state === STARTED && !now.identity.startsWith(deadIdentity))) {
          h.resumedMs = Date.now() - killedAt;
          waiting.delete(h);
        }
      }),
    );
    if (waiting.size > 0) await sleep(250);
  }
}

/** What each run looks like in the runs table: a change means it moved. */
export async function signatures(sql: postgres.Sql, runs: StartedRun[]): Promise<Map<string, string>> {
  const rows = await sql<{ workflow_id: string; s: string }[]>`
    select workflow_id, concat_ws('|', status, extracted_at, finished_at, counts::text) as s from runs where workflow_id = any(${runs.map((r) => r.workflowId)}::text[])`;
  return new Map(rows.map((r) => [r.workflow_id, r.s]));
}

/** Fills the kill's progress times: until every run in flight at the kill moved again (or the deadline). */
export async function watchProgress(sql: postgres.Sql, kill: { firstProgressMs: number | null; allProgressedMs: number | null }, inFlight: StartedRun[], before: Map<string, string>, deadline: number): Promise<void> {
  const killedAt = Date.now();
  const waiting = new Set(inFlight);
  while (waiting.size > 0 && Date.now() < deadline) {
    const now = await signatures(sql, [...waiting]);
    for (const run of [...waiting]) {
      if (run.outcome !== null || now.get(run.workflowId) !== before.get(run.workflowId)) {
        waiting.delete(run);
        kill.firstProgressMs ??= Date.now() - killedAt;
      }
    }
    if (waiting.size === 0) kill.allProgressedMs = Date.now() - killedAt;
    else await sleep(250);
  }
}
