import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { scheduleId } from '../../contracts';
import type { Database } from '../../db/client';
import { findSnapshot, insertSnapshot, productionRows, type DeploySnapshot, type Tx } from '../../db/queries/deploys';
import type { SnapshotSchedule } from '../../db/schema';
import { notFound } from './faults';

/** The production schedule as Temporal describes it, or null when there is none. */
export async function describeSchedule(temporal: Client, importId: string): Promise<SnapshotSchedule | null> {
  try {
    const d = await temporal.schedule.getHandle(scheduleId(importId, 'production')).describe();
    return { paused: d.state.paused, note: d.state.note ?? null, spec: JSON.parse(JSON.stringify(d.spec)) as Record<string, unknown> };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
}

/**
 * Writes the snapshot once: a retried or replayed step keeps the first one (taken before any change). Then the
 * production schedule, if there is one, is paused for the length of the deploy: a scheduled run firing between
 * this snapshot and the schedule step would otherwise change jobs that a compensation then sets back to the
 * snapshot, undoing that run. (The snapshot's compensation restores the schedule as it was.)
 */
export async function takeSnapshot(db: Database, temporal: Client, input: { deployId: string; importId: string; kind: 'deploy' | 'revert' }): Promise<{ jobs: number; schedule: boolean; config: boolean }> {
  const existing = await loadSnapshot(db, input.deployId).catch(() => null);
  const snapshot = existing?.snapshot ?? { ...(await productionRows(db, input.importId)), schedule: await describeSchedule(temporal, input.importId) };
  if (!existing) {
    await insertSnapshot(db, { deployId: input.deployId, importId: input.importId, kind: input.kind, snapshot });
  }
  if (snapshot.schedule && !snapshot.schedule.paused) {
    await temporal.schedule.getHandle(scheduleId(input.importId, 'production')).pause(`paused by deploy ${input.deployId} while it runs`);
  }
  return { jobs: snapshot.jobs.length, schedule: snapshot.schedule !== null, config: snapshot.config !== null };
}

export async function loadSnapshot(db: Database | Tx, deployId: string): Promise<DeploySnapshot> {
  const row = await findSnapshot(db, deployId);
  if (!row) throw notFound(`Deploy ${deployId} has no snapshot`);
  return row;
}
