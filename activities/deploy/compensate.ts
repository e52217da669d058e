import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { scheduleId, type DeployStep } from '../../contracts';
import type { Database } from '../../db/client';
import { finishSnapshot, markStep, restoreConfigAndVersions, restoreJobs } from '../../db/queries/deploys';
import type { ProductionSnapshot } from '../../db/schema';
import { loadSnapshot } from './snapshot';

/**
 * Undoes one step from the snapshot taken before the deploy. Each compensation sets production back to the
 * snapshot (it does not replay the step backwards), so it is safe to repeat and safe after a half-done step.
 */
export async function compensateStep(db: Database, temporal: Client, input: { deployId: string; step: DeployStep }): Promise<void> {
  const row = await loadSnapshot(db, input.deployId);
  const { snapshot, importId } = row;
  switch (input.step) {
    case 'run':
      await db.transaction((tx) => restoreJobs(tx, importId, snapshot, (row.steps.run as { runId?: string } | undefined)?.runId ?? null));
      break;
    case 'schedule':
      await restoreSchedule(temporal, importId, snapshot);
      break;
    case 'promote':
      await db.transaction((tx) => restoreConfigAndVersions(tx, importId, input.deployId, snapshot));
      break;
    case 'snapshot':
      // The snapshot step paused a running schedule (see takeSnapshot): it runs again as it did.
      await restoreSchedule(temporal, importId, snapshot);
      await finishSnapshot(db, input.deployId, 'rolled_back');
      break;
    // setup creates nothing (jobs are per import and environment); verify and unpause are undone by the
    // schedule's and the versions' compensations.
    default:
      break;
  }
  await markStep(db, input.deployId, `undo_${input.step}`, true);
}

async function restoreSchedule(temporal: Client, importId: string, snapshot: ProductionSnapshot): Promise<void> {
  const handle = temporal.schedule.getHandle(scheduleId(importId, 'production'));
  const before = snapshot.schedule;
  if (!before) {
    try {
      await handle.delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    return;
  }
  // The schedule existed before the deploy, so it still does: spec, pause and note go back in ONE update. (A
  // separate pause/unpause may be applied before the update, whose state — read before — would then undo it.)
  await handle.update((previous) => ({
    ...previous,
    spec: before.spec as typeof previous.spec,
    state: { ...previous.state, paused: before.paused, note: before.note ?? undefined },
  }));
  // Schedules apply changes asynchronously (a busy server can take seconds): wait until the description says so,
  // up to 30 s, else this activity fails and its retry starts over.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await handle.describe();
    const restored = d.state.paused === before.paused && (d.state.note || null) === (before.note || null);
    if (restored) return;
    if (Date.now() > deadline) {
      throw new Error(`The production schedule of import ${importId} was not restored yet: ${JSON.stringify(d.state)}, expected ${JSON.stringify({ paused: before.paused, note: before.note })}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
