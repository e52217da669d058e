import { Context } from '@temporalio/activity';
import type postgres from 'postgres';
import { findImportConfig, markExtracted, recordExtractionError, type RunConfig, type RunHead } from '../../db/queries/runs';
import { effectiveFetchPolicy, type PlatformFetchSettings, revalidateSource } from '../../importers/sdk';
import type { HostLimiter } from '../../importers/sdk/net/host-limiter';
import { redact, redactDeep, rememberSecrets } from '../../platform/redact';
import { runExtraction, type CompartmentLimits } from '../compartment/run-extraction';
import type { ExtractionFailure } from '../compartment/protocol';
import { capRetryAfter } from './retry-after';
import { MissingSecretError, resolveSecrets, secretValues } from './secrets';
import { codeVersion, previousSource, recordUnchangedSource, sourceKey } from './source';
import { describedFailure, Failure, failure } from '../../contracts/failures';

/** Heartbeat cadence of the long activities (extraction, apply). */
export const HEARTBEAT_EVERY_MS = 3_000;

export interface ExtractDeps {
  sql: postgres.Sql;
  databaseUrl: string;
  compartment: { limits: CompartmentLimits; importerModules: string[]; batchSize: number };
  platformFetch: PlatformFetchSettings;
  /** Caps the compartments' own Postgres connections (one held per extraction); null: no cap. */
  dbConnections: HostLimiter | null;
}

type Counts = { records: number; valid: number; invalid: number };

/** An import's configuration with its secrets resolved, and what this process must mask from now on. */
interface Resolved {
  stored: RunConfig | undefined;
  config: unknown;
  secrets: string[];
  fetchPolicy: ReturnType<typeof effectiveFetchPolicy>;
}

/**
 * Fetch, parse and normalise in a compartment; records are staged in run_records. Heartbeats with progress.
 * First, when the previous run was applied with the same importer code, config, fetch policy and checks, its
 * documents are asked again (conditional GET, else sha256 of the bytes): all the same, the run records
 * "unchanged source" and stages nothing — no compartment, no parse (activities/runs/source.ts).
 */
export async function extractRun(deps: ExtractDeps, run: RunHead): Promise<Counts> {
  const resolved = await resolveConfig(deps, run);
  const ctx = Context.current();
  // Well inside the workflow's 10 s heartbeat timeout (the worker sends one to Temporal at least every 3 s).
  const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    // The config as stored (secrets by reference): the key is kept in the runs row and must not hash a secret.
    const key = sourceKey({
      importerKey: run.importerKey,
      codeVersion: await codeVersion(deps.compartment.importerModules),
      config: resolved.stored?.config ?? {},
      fetchPolicy: resolved.stored?.fetchPolicy ?? {},
      checks: resolved.stored?.checks ?? {},
    });
    const previous = await previousSource(deps.sql, run, key);
    if (previous) {
      const check = await revalidateSource(previous.sourceDocuments, resolved.fetchPolicy, ctx.cancellationSignal);
      if (check.same) return await recordUnchangedSource(deps.sql, run.id, previous, key, check.documents);
    }
    return await extractInCompartment(deps, run, resolved, key, ctx);
  } finally {
    clearInterval(beat);
  }
}

async function resolveConfig(deps: ExtractDeps, run: RunHead): Promise<Resolved> {
  const stored = await findImportConfig(deps.sql, run.importId, run.environment);
  let config: unknown;
  try {
    config = await resolveSecrets(stored?.config ?? {}, deps.sql);
  } catch (err) {
    if (err instanceof MissingSecretError) throw failure(Failure.MissingSecret, err.message);
    throw err;
  }
  const secrets = secretValues(stored?.config ?? {}, config);
  // From now on this process masks these values wherever it writes or reports (platform/redact.ts).
  rememberSecrets(secrets);
  // The import's limits, clamped to the platform's maxima, and the platform's private allowlist (never the import's).
  return { stored, config, secrets, fetchPolicy: effectiveFetchPolicy(stored?.fetchPolicy, deps.platformFetch) };
}

async function extractInCompartment(deps: ExtractDeps, run: RunHead, resolved: Resolved, key: string, ctx: Context): Promise<Counts> {
  // Waiting here is heartbeated (by the caller) and ends if the activity is cancelled.
  const release = await deps.dbConnections?.acquire('compartments', ctx.cancellationSignal);
  const outcome = await runExtraction(
    {
      runId: run.id,
      importerKey: run.importerKey,
      config: resolved.config,
      fetchPolicy: resolved.fetchPolicy,
      databaseUrl: deps.databaseUrl,
      importerModules: deps.compartment.importerModules,
      batchSize: deps.compartment.batchSize,
      secrets: resolved.secrets,
    },
    { limits: deps.compartment.limits, onProgress: (progress) => ctx.heartbeat(progress), signal: ctx.cancellationSignal },
  ).finally(() => release?.());
  if (!outcome.ok) return failExtraction(deps.sql, run.id, outcome.failure, outcome.observations);
  const { records, valid, invalid, observations, peakRssKb } = outcome.summary;
  // A secret in a URL (a token in a feed's query string) must not be stored: such a source is never skipped.
  const documents = outcome.summary.documents?.some((d) => resolved.secrets.some((s) => d.url.includes(s) || d.finalUrl.includes(s))) ? null : outcome.summary.documents;
  await markExtracted(deps.sql, run.id, {
    counts: { records, valid, invalid },
    observations: redactDeep({ ...observations, peakRssKb }),
    sourceKey: key,
    sourceDocuments: documents ?? null,
  });
  return { records, valid, invalid };
}

async function failExtraction(sql: postgres.Sql, runId: string, error: ExtractionFailure, observations: unknown): Promise<never> {
  // An error may quote a URL built from a secret or a document that holds one: masked before it is kept
  // in the runs row or sent to Temporal's history.
  const failure = redactDeep(capRetryAfter(error));
  await recordExtractionError(sql, runId, redactDeep(observations ?? null), failure);
  // Retry-After (429, 503): the next attempt waits what the source asked, capped, instead of the policy's backoff.
  throw describedFailure(failure, { message: redact(failure.message), nextRetryDelay: failure.retryAfterMs });
}
