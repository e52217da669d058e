import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type postgres from 'postgres';
import type { EnvironmentName } from '../../contracts';
import type { ExtractionFailure } from '../compartment/protocol';
import { scheduleLags } from '../../db/queries/schedule-lag';
import { unfinishedRuns } from '../../db/queries/runs';
import { Failure, failure } from '../../contracts/failures';

export interface OverdueImport {
  importId: string;
  environment: EnvironmentName;
  cron: string;
  lastSuccessAt: string | null;
  summary: string;
}


/** A run still marked under way that nothing will finish: why, as the failure its row and alert will carry. */
export interface StrandedRun {
  runId: string;
  importId: string;
  workflowId: string;
  failure: ExtractionFailure;
}

/**
 * Runs marked under way (running, extracted, quarantined) that will never end by themselves: their workflow is
 * no longer running (failed, terminated, timed out, cancelled, gone) — or their staged records vanished (a
 * Postgres crash empties the unlogged `run_records`), so no apply can succeed. Only runs older than `minAgeMs`:
 * a run just started may not have its workflow visible yet. A run standing on another's records (unchanged
 * source) staged nothing of its own and is judged by its workflow only.
 */
export async function findStrandedRuns(
  sql: postgres.Sql,
  temporal: Client,
  input: { minAgeMs: number; onlyImports?: string[]; limit?: number },
): Promise<StrandedRun[]> {
  const rows = await unfinishedRuns(sql, input);
  const stranded: StrandedRun[] = [];
  for (const row of rows) {
    const base = { runId: row.id, importId: row.importId, workflowId: row.workflowId };
    let workflowStatus: string;
    try {
      workflowStatus = (await temporal.workflow.getHandle(row.workflowId).describe()).status.name;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      workflowStatus = 'NOT_FOUND';
    }
    if (workflowStatus !== 'RUNNING') {
      const ended = workflowStatus === 'NOT_FOUND' ? 'no longer exists (expired or deleted)' : `ended ${workflowStatus.toLowerCase().replace('_', ' ')}`;
      stranded.push({
        ...base,
        failure: {
          type: Failure.RunStranded,
          retryable: false,
          message: `The run was left ${row.status}: its workflow ${row.workflowId} ${ended} before the run ended (found by the watchdog)`,
        },
      });
    } else if (row.status !== 'running' && row.recordsFromRun === null && row.staged < row.expected) {
      stranded.push({
        ...base,
        failure: {
          type: Failure.StagedRecordsLost,
          retryable: false,
          message: `The run's staged records are gone (${row.staged} of ${row.expected}; a Postgres crash empties run_records): it cannot be applied, extract again (found by the watchdog)`,
        },
      });
    }
  }
  return stranded;
}

export function createWatchdogActivities(deps: { sql: postgres.Sql; temporal?: Client | undefined }) {
  return {
    /** Runs marked under way that nothing will finish (see findStrandedRuns); the watchdog fails them. */
    async findStrandedRuns(input: { minAgeMs: number; onlyImports?: string[] }): Promise<StrandedRun[]> {
      if (!deps.temporal) {
        throw failure(Failure.TemporalClientMissing, 'The worker was started without a Temporal client: runs cannot be reconciled');
      }
      return findStrandedRuns(deps.sql, deps.temporal, input);
    },

    /** Live imports whose last good run is older than twice their schedule's interval plus the grace. */
    async findOverdueImports(input: { graceMs: number; onlyImports?: string[] }): Promise<{ checked: number; overdue: OverdueImport[] }> {
      const lags = (await scheduleLags(deps.sql)).filter((l) => !input.onlyImports || input.onlyImports.includes(l.importId));
      const overdue = lags
        .filter((l) => l.lagMs > l.intervalMs + input.graceMs)
        .map((l) => {
          const allowedMin = Math.round((2 * l.intervalMs + input.graceMs) / 60_000);
          const since = l.lastSuccessAt ? `last good run ${l.lastSuccessAt.toISOString()}` : 'no good run since going live';
          return {
            importId: l.importId,
            environment: l.environment,
            cron: l.cron,
            lastSuccessAt: l.lastSuccessAt?.toISOString() ?? null,
            summary: `Schedule missed on "${l.name}": ${since}; schedule "${l.cron}" allows ${allowedMin} min between good runs`,
          };
        });
      return { checked: lags.length, overdue };
    },
  };
}
