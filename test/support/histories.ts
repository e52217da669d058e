import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = fileURLToPath(new URL('../histories', import.meta.url));

/**
 * With RECORD_HISTORIES=1, saves a workflow's history under test/histories/<name>.json for the replay
 * test. Recorded histories are committed: they pin the behaviour that running workflows depend on.
 */
export async function maybeRecordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await fs.mkdir(HISTORIES_DIR, { recursive: true });
  // The proto3 JSON form, as `temporal workflow show --output json` and Temporal UI's download give it.
  await fs.writeFile(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history) + '\n');
}
