import type postgres from 'postgres';
import { deleteStagesOfFinishedRuns } from '../../db/queries/run-records';

/**
 * Staged records (`run_records`) kept after their run ended: those of runs still under way (running, extracted,
 * quarantined — a quarantined run may still be applied), of the run each import and environment last applied or
 * reverted (an unchanged-source run stands on them, and applies them if that apply was undone in between), and those
 * such runs point to (`records_from_run`). Every other finished run's stage, older than `olderThanMs`, is deleted:
 * what the stage held is in `jobs` and `job_changes` now, or was never applied. Runs themselves are kept.
 * `onlyImports` limits the deletion to those imports (tests share one database).
 */
export async function pruneStages(sql: postgres.Sql, options: { olderThanMs: number; onlyImports?: string[] }): Promise<{ runs: number; records: number }> {
  return deleteStagesOfFinishedRuns(sql, options);
}
