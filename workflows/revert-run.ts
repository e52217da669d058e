import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { RunActivities } from '../activities/runs/runs.activities';
import { SEARCH_ATTRIBUTES, type RevertRunInput } from '../contracts';
import { RETRY } from './retry-policies';

const { revertRun } = proxyActivities<RunActivities>({
  startToCloseTimeout: '30 minutes',
  retry: RETRY.longTransaction,
});

/**
 * Reverts an applied run from its change log, in one transaction (see activities/runs/revert.ts). A
 * workflow, so the operation is recorded, visible in Temporal UI and retried until it lands.
 */
export async function revertImportRun(input: RevertRunInput) {
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.RunOutcome, value: 'reverting' }]);
  const result = await revertRun({ runId: input.runId });
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.RunOutcome, value: 'reverted' }]);
  return { runId: input.runId, by: input.by, ...result };
}
