import { Context } from '@temporalio/activity';
import type postgres from 'postgres';
import type { EnvironmentName } from '../../contracts';
import type { RunCounts } from '../../db/schema';
import * as runs from '../../db/queries/runs';
import { runOutcome } from '../../db/queries/incidents';
import { sampleRecord } from '../../db/queries/run-records';
import { fetchSettingsFromEnv, temporalUiWorkflowUrl } from '../../platform/config';
import { redact } from '../../platform/redact';
import { evaluateChecks, parseChecksConfig } from '../checks';
import type { CompartmentLimits } from '../compartment/run-extraction';
import type { ExtractionFailure, Observations } from '../compartment/protocol';
import type { RunFigures } from '../checks/types';
import { failureContext, quarantineContext, summarise, type RunLinks } from './alert-context';
import { applyRun, RunStateError } from './apply';
import { extractRun, HEARTBEAT_EVERY_MS, type ExtractDeps } from './extract';
import { computeFigures, goodRuns } from './figures';
import { revertRun, type RevertCounts } from './revert';
import { pruneStages } from './stages';
import type { PlatformFetchSettings } from '../../importers/sdk';
import { HostLimiter } from '../../importers/sdk/net/host-limiter';
import { Failure, failure } from '../../contracts/failures';

export interface RunActivityDeps {
  sql: postgres.Sql;
  databaseUrl: string;
  links: { temporalUiUrl: string; namespace: string; apiUrl: string | null };
  compartment: {
    limits: CompartmentLimits;
    importerModules: string[];
    batchSize: number;
    /** Postgres connections this process's compartments share, one held per extraction; unset: no cap of its own. */
    dbConnections?: number;
  };
  /** The private allowlist and fetch maxima (platform settings); unset: read from the environment (FETCH_*). */
  fetch?: PlatformFetchSettings;
}

function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}

type Run = runs.RunHead & { observations: Observations | null; figures: RunFigures | null };

/** What `checkAndApplyRun` did: the failing checks (nothing applied), or the apply and whether to report it. */
export interface CheckAndApplyResult {
  passed: boolean;
  failedChecks: string[];
  /**
   * Null when a check failed. `reportHealth`: false when the import is healthy (db/queries/incidents.ts
   * `runOutcome`), whose health workflow a report of this apply would not change — the rule reportRunHealth applies.
   */
  applied: { counts: RunCounts; reportHealth: boolean } | null;
}

/** Beats while `work` runs; called outside an activity too (tests, `importer try`), where no one listens. */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const ctx = activityContext();
  const beat = ctx ? setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS) : undefined;
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

/**
 * Activities of the run workflow. Large data (records, pages) stays in Postgres: only ids and figures cross. Each
 * one is a few lines: the statements are in db/queries (runs, run-records, apply), the extraction in ./extract.ts.
 * Over 80 lines as a whole only because it lists the workflow's ten activities, none longer than 15.
 */
export function createRunActivities(deps: RunActivityDeps) {
  const { sql } = deps;
  const extraction: ExtractDeps = {
    sql,
    databaseUrl: deps.databaseUrl,
    compartment: deps.compartment,
    platformFetch: deps.fetch ?? fetchSettingsFromEnv(),
    // A compartment opens one connection of its own for its COPY: at most this many at once, whatever the extraction
    // concurrency (one key: a keyed limiter with a single key is a semaphore).
    dbConnections: deps.compartment.dbConnections ? new HostLimiter(deps.compartment.dbConnections) : null,
  };
  const loadRun = async (runId: string): Promise<Run> => {
    const run = await runs.findRun(sql, runId);
    if (!run) throw failure(Failure.RunNotFound, `Run ${runId} does not exist`);
    // The jsonb columns hold what the compartment observed and the checks' figures (activities/checks/types.ts).
    return run as Run;
  };
  /** Business checks on the staged records against the history of good runs; their results saved with the run. */
  const check = async (run: Run): Promise<{ passed: boolean; failedChecks: string[] }> => {
    const config = await runs.findImportConfig(sql, run.importId, run.environment);
    let checksConfig;
    try {
      checksConfig = parseChecksConfig(config?.checks ?? {});
    } catch (err) {
      throw failure(Failure.InvalidChecksConfig, (err as Error).message);
    }
    // A run that found its source unchanged staged nothing: its figures are those of the run it stands on.
    const figures = run.recordsFromRun && run.figures ? run.figures : await computeFigures(sql, run.id, run.observations);
    const history = await goodRuns(sql, run.importId, run.environment, run.id, checksConfig.countDrop.window);
    const { passed, results } = evaluateChecks({ figures, history, config: checksConfig });
    await runs.saveCheckResults(sql, run.id, figures, results);
    return { passed, failedChecks: results.filter((r) => r.status === 'fail').map((r) => r.check) };
  };
  const savedChecks = async (runId: string): Promise<{ passed: boolean; failedChecks: string[] } | null> => {
    const results = (await runs.findCheckResults(sql, runId)) as { check: string; status: string }[] | null;
    if (!Array.isArray(results)) return null;
    const failedChecks = results.filter((r) => r.status === 'fail').map((r) => r.check);
    return { passed: failedChecks.length === 0, failedChecks };
  };
  const links = (run: Run): RunLinks => ({
    temporalUi: temporalUiWorkflowUrl(deps.links.temporalUiUrl, deps.links.namespace, run.workflowId),
    api: deps.links.apiUrl ? `${deps.links.apiUrl}/runs/${run.id}` : null,
  });

  return {
    /** Creates the run row, once per workflow (a retry finds the existing one). */
    async startRun(input: { importId: string; environment: EnvironmentName; workflowId: string }): Promise<{ runId: string; importerKey: string }> {
      const config = await runs.findImportConfig(sql, input.importId, input.environment);
      if (!config) {
        throw failure(Failure.ImportNotConfigured, `Import ${input.importId} has no ${input.environment} configuration`);
      }
      const runId = await runs.insertRun(sql, { ...input, importerKey: config.importerKey });
      return { runId, importerKey: config.importerKey };
    },

    /** Deletes the staged records no run can use any more (see stages.ts); the watchdog calls it on each sweep. */
    async pruneStages(input: { olderThanMs: number; onlyImports?: string[] }): Promise<{ runs: number; records: number }> {
      return pruneStages(sql, input);
    },

    /** See ./extract.ts. */
    async extractRun(input: { runId: string }): Promise<{ records: number; valid: number; invalid: number }> {
      return extractRun(extraction, await loadRun(input.runId));
    },

    /** Business checks on the staged records against the history of good runs (before the 'lean-run' patch). */
    async checkRun(input: { runId: string }): Promise<{ passed: boolean; failedChecks: string[] }> {
      return check(await loadRun(input.runId));
    },

    /**
     * Since the 'lean-run' patch: the checks and, when they pass, the apply — one activity where there were two, and
     * the workflow told whether the apply needs a health report at all (issue 12: a burst of good runs costs Temporal
     * two activities fewer each). Safe to retry after any half-done attempt: checks rewrite their own results and are
     * skipped once the run is applied (an attempt that committed and then lost its worker); the apply is one
     * transaction, rolled back with a dead worker's connection, and returns the stored counts of an applied run.
     * Failing checks apply nothing: the workflow quarantines the run, and an apply-anyway goes through applyRun.
     */
    async checkAndApplyRun(input: { runId: string }): Promise<CheckAndApplyResult> {
      return heartbeating(async () => {
        const run = await loadRun(input.runId);
        if (run.status !== 'applied') {
          // A retry after an attempt that saved its checks (then lost its worker or its database mid-apply) keeps
          // them: the stage may have gone with the database (run_records is UNLOGGED), and checked again it would
          // look like a volume drop and quarantine the run; the apply refuses a missing stage itself, with the reason.
          const checks = (await savedChecks(run.id)) ?? (await check(run));
          if (!checks.passed) return { ...checks, applied: null };
        }
        const counts = await applyRun(sql, run.id).catch(permanent);
        const outcome = await runOutcome(sql, run.id);
        return { passed: true, failedChecks: [], applied: { counts, reportHealth: !outcome?.healthy } };
      });
    },

    /** Holds the run back (nothing applied) and writes the alert with the context to fix it. */
    async quarantineRun(input: { runId: string }): Promise<{ alertId: number }> {
      const run = await loadRun(input.runId);
      const results = ((await runs.findCheckResults(sql, run.id)) ?? []) as Parameters<typeof summarise>[0];
      const sample = await sampleRecord(sql, run.recordsFromRun ?? run.id);
      const context = quarantineContext({ importerKey: run.importerKey, results, observations: run.observations, sample: sample ?? null, links: links(run) });
      return runs.quarantineRun(sql, run, { summary: redact(`Run quarantined: ${summarise(results)}`), context });
    },

    /**
     * Heartbeats while the transaction runs: a worker that dies mid-apply is noticed within the workflow's heartbeat
     * timeout (seconds) instead of the 30-minute start-to-close; the transaction it held is rolled back by Postgres
     * when its connection drops, so the retry starts clean.
     */
    async applyRun(input: { runId: string; decidedBy?: string }): Promise<RunCounts> {
      return heartbeating(async () => {
        if (input.decidedBy) await runs.setDecidedBy(sql, input.runId, input.decidedBy);
        return applyRun(sql, input.runId).catch(permanent);
      });
    },

    async discardRun(input: { runId: string; by: string }): Promise<void> {
      await runs.discardRun(sql, input.runId, input.by);
    },

    /** Marks the run failed (after its retries) and writes the alert with the error's context. */
    async failRun(input: { runId: string; failure: ExtractionFailure }): Promise<{ alertId: number }> {
      const run = await loadRun(input.runId);
      const context = failureContext({ importerKey: run.importerKey, failure: input.failure, observations: run.observations, links: links(run) });
      return runs.failRun(sql, run, input.failure, { summary: redact(`Run failed: ${input.failure.type}: ${input.failure.message}`), context });
    },

    async revertRun(input: { runId: string }): Promise<RevertCounts & { alreadyReverted: boolean }> {
      return revertRun(sql, input.runId).catch(permanent);
    },
  };
}

function permanent(err: unknown): never {
  if (err instanceof RunStateError) throw failure(Failure.RunState, err.message);
  throw err;
}

export type RunActivities = ReturnType<typeof createRunActivities>;
