import { patched } from '@temporalio/workflow';
import type { BlockRequest, UnblockRequest } from '../../contracts';
import type { Lifecycle } from './context';

/**
 * Blockers came after lifecycles had been recorded: the marker says this history knows them. A block or an
 * unblock starts a new wait (the reminders count from it); histories without them never reach this code.
 */
export const BLOCKERS_PATCH = 'lifecycle-blockers';

export async function blockImport(lc: Lifecycle, r: BlockRequest): Promise<void> {
  const { state } = lc;
  const blocker = { kind: r.kind, reason: r.reason.trim(), waitingOn: r.waitingOn.trim(), by: r.by, at: new Date().toISOString() };
  await lc.decide('block', r.by, state.stage, blocker.reason, { data: { kind: blocker.kind, reason: blocker.reason, waitingOn: blocker.waitingOn } });
  state.blocker = blocker;
  if (patched(BLOCKERS_PATCH)) lc.restartReminders();
}

export async function unblockImport(lc: Lifecycle, r: UnblockRequest): Promise<void> {
  const { state } = lc;
  const blocker = state.blocker!;
  const days = Math.floor((Date.now() - Date.parse(blocker.at)) / 86_400_000);
  await lc.decide('unblock', r.by, state.stage, r.resolution.trim(), { data: { kind: blocker.kind, resolution: r.resolution.trim(), blockedSince: blocker.at, days } });
  state.blocker = null;
  if (patched(BLOCKERS_PATCH)) lc.restartReminders();
}
