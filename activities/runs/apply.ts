import type postgres from 'postgres';
import type { RunCounts } from '../../db/schema';
import {
  closeUnlisted,
  insertNew,
  latestApply,
  lockRunToApply,
  lockScope,
  markApplied,
  preferHashJoins,
  restageFrom,
  stagedRecords,
  stageSize,
  updateChanged,
  type RunToApply,
} from '../../db/queries/apply';

export class RunStateError extends Error {}

/**
 * Applies a run's staged records to the jobs table in one transaction: new jobs inserted, changed ones
 * updated (content hash), closed ones that came back reopened, and — when the fetch was complete — open jobs
 * missing from it closed. Unchanged jobs are not written at all. Every change goes to job_changes with the
 * state before it (the data only when it changes), which is what a revert replays. Idempotent: a run
 * already applied returns its stored counts and changes nothing. A run whose staged records are not all there
 * is refused; a re-run whose records are those of the apply still in force skips the diff (same outcome). A run
 * that found its source unchanged (`records_from_run`, activities/runs/source.ts) staged nothing: it is marked
 * applied while that apply is in force, and otherwise applies the staged records of the run it stood on.
 * The statements are in db/queries/apply.ts.
 */
export function applyRun(sql: postgres.Sql, runId: string): Promise<RunCounts> {
  return sql.begin((tx) => applyRunIn(tx, runId));
}

/** The same, inside a transaction the caller owns (`importer try` rolls it back to show a diff without writing). */
export async function applyRunIn(tx: postgres.TransactionSql, runId: string): Promise<RunCounts> {
  const run = await lockRunToApply(tx, runId);
  if (!run) throw new RunStateError(`Run ${runId} does not exist`);
  if (run.status === 'applied') return run.counts as RunCounts;
  if (run.status !== 'extracted' && run.status !== 'quarantined') {
    throw new RunStateError(`Run ${runId} is ${run.status}: only an extracted or quarantined run can be applied`);
  }
  await lockScope(tx, run);

  const inForce = await sameRecordsInForce(tx, runId, run);
  if (run.recordsFromRun) {
    // The run found its source unchanged and staged nothing. While the apply it stood on is in force, there is
    // nothing to do; otherwise (a revert or another apply came in between) it takes the staged records of the run
    // they come from and is applied as any other (those records gone: refused below, "extract again").
    if (inForce !== null) return markApplied(tx, runId, nothingChanged(run, inForce.listed));
    await restageFrom(tx, runId, run.recordsFromRun);
  }

  // The stage must hold what the extraction counted: a run whose records went missing (a COPY error dropped, the
  // rows deleted) would otherwise close every job it no longer lists. Fail it loudly instead.
  const stage = await stageSize(tx, runId);
  const expected = run.counts.valid ?? 0;
  if (stage.valid !== expected) {
    throw new RunStateError(`staged records of run ${runId} are missing (${stage.valid} of ${expected}): extract again`);
  }
  // No statement would find anything to do: the jobs are left alone and the counts say so.
  if (inForce !== null && !run.recordsFromRun) return markApplied(tx, runId, nothingChanged(run, stage.ids));

  const restorePlanner = await preferHashJoins(tx);
  const staged = await stagedRecords(tx, runId, stage.ids !== stage.valid);
  // Closes first, then updates, then inserts: the three touch disjoint jobs (absent from the stage; listed and
  // known; listed and new), so the order changes no outcome — but on a first import the closes and updates then
  // find no job at all instead of scanning every job the insert just wrote.
  const closed = run.complete ? await closeUnlisted(tx, run, runId) : 0;
  const { updated, reopened } = await updateChanged(tx, run, runId, staged);
  const created = await insertNew(tx, run, runId, staged);
  await restorePlanner();
  return markApplied(tx, runId, { ...baseCounts(run), created, updated, reopened, unchanged: stage.ids - created - updated - reopened, closed });
}

const baseCounts = (run: RunToApply) => ({ records: run.counts.records ?? 0, valid: run.counts.valid ?? 0, invalid: run.counts.invalid ?? 0 });

const nothingChanged = (run: RunToApply, unchanged: number): RunCounts => ({ ...baseCounts(run), created: 0, updated: 0, reopened: 0, unchanged, closed: 0 });

/**
 * Set when applying the run cannot change anything, so the diff can be skipped: its records digest equals that of
 * the latest run applied to the import and environment, and that apply still stands — the run was complete (every
 * open job it did not list was closed), it was not reverted, and no job changed after it (a staging teardown closes
 * them all without a run). Then every job the run lists as valid is open with its content hash (duplicates: the
 * same first record wins), and every open job is listed: nothing to create, update, reopen or close. `listed` is the
 * number of jobs that apply left listed. Applies are serialised per import and environment (the advisory lock), so
 * "latest" is by finished_at, which is taken at the end of each apply.
 */
async function sameRecordsInForce(tx: postgres.TransactionSql, runId: string, run: RunToApply): Promise<{ listed: number } | null> {
  if (!run.recordsDigest) return null;
  const latest = await latestApply(tx, run, runId);
  if (!latest || latest.status !== 'applied' || !latest.complete || latest.recordsDigest !== run.recordsDigest || latest.touched) return null;
  const c = latest.counts;
  return { listed: (c.created ?? 0) + (c.updated ?? 0) + (c.reopened ?? 0) + (c.unchanged ?? 0) };
}
