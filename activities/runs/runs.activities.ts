import { ApplicationFailure, Context } from '@temporalio/activity';
import type postgres from 'postgres';
import type { EnvironmentName } from '../../contracts';
import type { RunCounts } from '../../db/schema';
import { fetchSettingsFromEnv, temporalUiWorkflowUrl } from '../../platform/config';
import { redact, redactDeep, rememberSecrets } from '../../platform/redact';
import { evaluateChecks, parseChecksConfig } from '../checks';
import { runExtraction, type CompartmentLimits } from '../compartment/run-extraction';
import type { ExtractionFailure, Observations } from '../compartment/protocol';
import type { RunFigures } from '../checks/types';
import { failureContext, quarantineContext, summarise, type RunLinks } from './alert-context';
import { applyRun, jsonb, RunStateError } from './apply';
import { computeFigures, goodRuns } from './figures';
import { revertRun, type RevertCounts } from './revert';
import { MissingSecretError, resolveSecrets, secretValues } from './secrets';
import { codeVersion, previousSource, recordUnchangedSource, sourceKey } from './source';
import { capRetryAfter } from './retry-after';
import { pruneStages } from './stages';
import { effectiveFetchPolicy, type PlatformFetchSettings, revalidateSource } from '../../importers/sdk';
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

/** Heartbeat cadence of the long activities (extraction, apply). */
const HEARTBEAT_EVERY_MS = 3_000;

function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}

interface RunRow {
  id: string;
  import_id: string;
  environment: EnvironmentName;
  workflow_id: string;
  importer_key: string;
  observations: Observations | null;
  records_from_run: string | null;
  figures: RunFigures | null;
}

/** Activities of the run workflow. Large data (records, pages) stays in Postgres: only ids and figures cross. */
export function createRunActivities(deps: RunActivityDeps) {
  const { sql } = deps;
  const platformFetch = deps.fetch ?? fetchSettingsFromEnv();
  // A compartment opens one connection of its own for its COPY: at most this many at once, whatever the extraction
  // concurrency (one key: a keyed limiter with a single key is a semaphore).
  const dbConnections = deps.compartment.dbConnections ? new HostLimiter(deps.compartment.dbConnections) : null;
  const loadRun = async (runId: string): Promise<RunRow> => {
    const [run] = await sql<RunRow[]>`select id, import_id, environment, workflow_id, importer_key, observations, records_from_run, figures from runs where id = ${runId}`;
    if (!run) throw failure(Failure.RunNotFound, `Run ${runId} does not exist`);
    return run;
  };
  const links = (run: RunRow): RunLinks => ({
    temporalUi: temporalUiWorkflowUrl(deps.links.temporalUiUrl, deps.links.namespace, run.workflow_id),
    api: deps.links.apiUrl ? `${deps.links.apiUrl}/runs/${run.id}` : null,
  });
  const permanent = (err: unknown) => {
    if (err instanceof RunStateError) throw failure(Failure.RunState, err.message);
    throw err;
  };

  return {
    /** Creates the run row, once per workflow (a retry finds the existing one). */
    async startRun(input: { importId: string; environment: EnvironmentName; workflowId: string }): Promise<{ runId: string; importerKey: string }> {
      const [config] = await sql<{ importer_key: string }[]>`
        select importer_key from import_configs where import_id = ${input.importId} and environment = ${input.environment}`;
      if (!config) {
        throw failure(Failure.ImportNotConfigured, `Import ${input.importId} has no ${input.environment} configuration`);
      }
      const [run] = await sql<{ id: string }[]>`
        insert into runs (id, import_id, environment, workflow_id, importer_key)
        values (gen_random_uuid(), ${input.importId}, ${input.environment}, ${input.workflowId}, ${config.importer_key})
        on conflict (workflow_id) do update set workflow_id = excluded.workflow_id
        returning id`;
      return { runId: run!.id, importerKey: config.importer_key };
    },

    /** Deletes the staged records no run can use any more (see stages.ts); the watchdog calls it on each sweep. */
    async pruneStages(input: { olderThanMs: number; onlyImports?: string[] }): Promise<{ runs: number; records: number }> {
      return pruneStages(sql, input);
    },

    /**
     * Fetch, parse and normalise in a compartment; records are staged in run_records. Heartbeats with progress.
     * First, when the previous run was applied with the same importer code, config, fetch policy and checks, its
     * documents are asked again (conditional GET, else sha256 of the bytes): all the same, the run records
     * "unchanged source" and stages nothing — no compartment, no parse (activities/runs/source.ts).
     */
    async extractRun(input: { runId: string }): Promise<{ records: number; valid: number; invalid: number }> {
      const run = await loadRun(input.runId);
      const [config] = await sql<{ config: unknown; fetch_policy: Record<string, unknown>; checks: unknown }[]>`
        select config, fetch_policy, checks from import_configs where import_id = ${run.import_id} and environment = ${run.environment}`;
      let resolved: unknown;
      try {
        resolved = await resolveSecrets(config?.config ?? {}, sql);
      } catch (err) {
        if (err instanceof MissingSecretError) throw failure(Failure.MissingSecret, err.message);
        throw err;
      }
      // From now on this process masks these values wherever it writes or reports (platform/redact.ts).
      rememberSecrets(secretValues(config?.config ?? {}, resolved));
      // The import's limits, clamped to the platform's maxima, and the platform's private allowlist (never the import's).
      const fetchPolicy = effectiveFetchPolicy(config?.fetch_policy, platformFetch);
      const ctx = Context.current();
      // Well inside the workflow's 15 s heartbeat timeout (the SDK sends at most one per 80 % of it).
      const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        // The config as stored (secrets by reference): the key is kept in the runs row and must not hash a secret.
        const key = sourceKey({
          importerKey: run.importer_key,
          codeVersion: await codeVersion(deps.compartment.importerModules),
          config: config?.config ?? {},
          fetchPolicy: config?.fetch_policy ?? {},
          checks: config?.checks ?? {},
        });
        const previous = await previousSource(sql, run, key);
        if (previous) {
          const check = await revalidateSource(previous.source_documents, fetchPolicy, ctx.cancellationSignal);
          if (check.same) return await recordUnchangedSource(sql, run.id, previous, key, check.documents);
        }
        // Waiting here is heartbeated (above) and ends if the activity is cancelled.
        const release = await dbConnections?.acquire('compartments', ctx.cancellationSignal);
        const outcome = await runExtraction(
          {
            runId: run.id,
            importerKey: run.importer_key,
            config: resolved,
            fetchPolicy,
            databaseUrl: deps.databaseUrl,
            importerModules: deps.compartment.importerModules,
            batchSize: deps.compartment.batchSize,
            secrets: secretValues(config?.config ?? {}, resolved),
          },
          { limits: deps.compartment.limits, onProgress: (progress) => ctx.heartbeat(progress), signal: ctx.cancellationSignal },
        ).finally(() => release?.());
        if (!outcome.ok) {
          // An error may quote a URL built from a secret or a document that holds one: masked before it is kept
          // in the runs row or sent to Temporal's history.
          const failure = redactDeep(capRetryAfter(outcome.failure));
          await sql`update runs set observations = ${jsonb(redactDeep(outcome.observations ?? null))}::jsonb, error = ${jsonb(failure)}::jsonb where id = ${run.id}`;
          throw ApplicationFailure.create({
            type: failure.type,
            message: redact(failure.message),
            nonRetryable: !failure.retryable,
            details: [failure],
            // Retry-After (429, 503): the next attempt waits what the source asked, capped, instead of the policy's backoff.
            ...(failure.retryAfterMs === undefined ? {} : { nextRetryDelay: failure.retryAfterMs }),
          });
        }
        const { records, valid, invalid, observations, peakRssKb } = outcome.summary;
        // A secret in a URL (a token in a feed's query string) must not be stored: such a source is never skipped.
        const secrets = secretValues(config?.config ?? {}, resolved);
        const documents = outcome.summary.documents?.some((d) => secrets.some((s) => d.url.includes(s) || d.finalUrl.includes(s))) ? null : outcome.summary.documents;
        await sql`
          update runs set status = 'extracted', extracted_at = now(), complete = true, error = null,
            counts = ${jsonb({ records, valid, invalid })}::jsonb, observations = ${jsonb(redactDeep({ ...observations, peakRssKb }))}::jsonb,
            source_key = ${key}, source_documents = ${documents ? jsonb(documents) : null}::jsonb, records_from_run = null, skip_reason = null
          where id = ${run.id}`;
        return { records, valid, invalid };
      } finally {
        clearInterval(beat);
      }
    },

    /** Business checks on the staged records against the history of good runs. */
    async checkRun(input: { runId: string }): Promise<{ passed: boolean; failedChecks: string[] }> {
      const run = await loadRun(input.runId);
      const [row] = await sql<{ checks: unknown }[]>`select checks from import_configs where import_id = ${run.import_id} and environment = ${run.environment}`;
      let checksConfig;
      try {
        checksConfig = parseChecksConfig(row?.checks ?? {});
      } catch (err) {
        throw failure(Failure.InvalidChecksConfig, (err as Error).message);
      }
      // A run that found its source unchanged staged nothing: its figures are those of the run it stands on.
      const figures = run.records_from_run && run.figures ? run.figures : await computeFigures(sql, run.id, run.observations);
      const history = await goodRuns(sql, run.import_id, run.environment, run.id, checksConfig.countDrop.window);
      const { passed, results } = evaluateChecks({ figures, history, config: checksConfig });
      await sql`update runs set figures = ${jsonb(figures)}::jsonb, checks = ${jsonb(results)}::jsonb where id = ${run.id}`;
      return { passed, failedChecks: results.filter((r) => r.status === 'fail').map((r) => r.check) };
    },

    /** Holds the run back (nothing applied) and writes the alert with the context to fix it. */
    async quarantineRun(input: { runId: string }): Promise<{ alertId: number }> {
      const run = await loadRun(input.runId);
      const [row] = await sql<{ checks: Parameters<typeof summarise>[0] }[]>`select checks from runs where id = ${run.id}`;
      const results = row?.checks ?? [];
      const [sample] = await sql<{ job: unknown; raw: unknown; errors: unknown; source_url: string | null }[]>`
        select job, raw, errors, source_url from run_records where run_id = ${run.records_from_run ?? run.id} order by valid, seq limit 1`;
      const context = quarantineContext({
        importerKey: run.importer_key,
        results,
        observations: run.observations,
        sample: sample ? { job: sample.job, raw: sample.raw, errors: sample.errors, sourceUrl: sample.source_url } : null,
        links: links(run),
      });
      return sql.begin(async (tx) => {
        await tx`update runs set status = 'quarantined' where id = ${run.id} and status in ('extracted', 'quarantined')`;
        const [existing] = await tx<{ id: number }[]>`select id from alerts where run_id = ${run.id} and kind = 'run_quarantined'`;
        if (existing) return { alertId: existing.id };
        const [alert] = await tx<{ id: number }[]>`
          insert into alerts (import_id, run_id, environment, kind, summary, context)
          values (${run.import_id}, ${run.id}, ${run.environment}, 'run_quarantined', ${redact(`Run quarantined: ${summarise(results)}`)}, ${jsonb(context)}::jsonb)
          returning id`;
        return { alertId: alert!.id };
      });
    },

    /**
     * Heartbeats while the transaction runs: a worker that dies mid-apply is noticed within the workflow's heartbeat
     * timeout (seconds) instead of the 30-minute start-to-close; the transaction it held is rolled back by Postgres
     * when its connection drops, so the retry starts clean.
     */
    async applyRun(input: { runId: string; decidedBy?: string }): Promise<RunCounts> {
      // Called outside an activity too (tests, `importer try`): then there is no one to heartbeat to.
      const ctx = activityContext();
      const beat = ctx ? setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS) : undefined;
      try {
        if (input.decidedBy) await sql`update runs set decided_by = ${input.decidedBy} where id = ${input.runId}`;
        return await applyRun(sql, input.runId).catch(permanent);
      } finally {
        clearInterval(beat);
      }
    },

    async discardRun(input: { runId: string; by: string }): Promise<void> {
      await sql`update runs set status = 'discarded', decided_by = ${input.by}, finished_at = now() where id = ${input.runId} and status in ('extracted', 'quarantined')`;
    },

    /** Marks the run failed (after its retries) and writes the alert with the error's context. */
    async failRun(input: { runId: string; failure: ExtractionFailure }): Promise<{ alertId: number }> {
      const run = await loadRun(input.runId);
      const context = failureContext({ importerKey: run.importer_key, failure: input.failure, observations: run.observations, links: links(run) });
      return sql.begin(async (tx) => {
        await tx`update runs set status = 'failed', error = ${jsonb(input.failure)}::jsonb, finished_at = now() where id = ${run.id} and status not in ('applied', 'reverted')`;
        const [existing] = await tx<{ id: number }[]>`select id from alerts where run_id = ${run.id} and kind = 'run_failed'`;
        if (existing) return { alertId: existing.id };
        const [alert] = await tx<{ id: number }[]>`
          insert into alerts (import_id, run_id, environment, kind, summary, context)
          values (${run.import_id}, ${run.id}, ${run.environment}, 'run_failed', ${redact(`Run failed: ${input.failure.type}: ${input.failure.message}`)}, ${jsonb(context)}::jsonb)
          returning id`;
        return { alertId: alert!.id };
      });
    },

    async revertRun(input: { runId: string }): Promise<RevertCounts & { alreadyReverted: boolean }> {
      return revertRun(sql, input.runId).catch(permanent);
    },
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;
