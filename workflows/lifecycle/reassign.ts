import { patched } from '@temporalio/workflow';
import type { ReassignRequest } from '../../contracts';
import type { Lifecycle } from './context';

/**
 * Reassignment after development started came with the hand-over of an away member's imports: the marker says
 * this history knows it. The new assignee gets the stage's full time before being reminded.
 */
export const REASSIGN_PATCH = 'lifecycle-reassign';

export async function reassignImport(lc: Lifecycle, r: ReassignRequest): Promise<void> {
  const { state } = lc;
  const previous = state.assignee;
  await lc.decide('reassign', r.by, state.stage, r.reason.trim(), { data: { assignee: r.assignee, previous } });
  lc.setAssignee(r.assignee);
  if (patched(REASSIGN_PATCH)) lc.restartReminders();
}
