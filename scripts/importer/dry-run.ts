import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { type ChecksConfig, type ChecksOutcome, evaluateChecks } from '../../activities/checks';
import { createObserver } from '../../activities/compartment/observer';
import type { Observations, Progress } from '../../activities/compartment/protocol';
import { type StagedRecord, StageWriter } from '../../activities/compartment/stage-writer';
import { applyRunIn } from '../../activities/runs/apply';
import { computeFigures, goodRuns } from '../../activities/runs/figures';
import {
  insertTemporaryImport,
  invalidRecords,
  type InvalidRecord,
  normalisedRecords,
  type NormalisedRecord,
  triedJobs,
  type TriedJob,
} from '../../db/queries/importer-try';
import { insertRun, markExtracted } from '../../db/queries/runs';
import type { EnvironmentName } from '../../contracts';
import type { RunCounts } from '../../db/schema';
import { createExtractContext, type ExtractedJob, type FetchPolicy, type ImporterDefinition, normaliseExtracted } from '../../importers/sdk';
import { meteredContext } from './progress';

export interface DryRunInput {
  importer: ImporterDefinition<unknown>;
  /** Parsed by the importer's schema, secrets resolved: what `extract` gets. */
  config: unknown;
  /** As given, secret references unresolved: what a temporary import_configs row holds. */
  storedConfig: Record<string, unknown>;
  /** An existing import whose jobs the run is diffed against; null: a temporary import, rolled back with the rest. */
  importId: string | null;
  environment: EnvironmentName;
  checks: ChecksConfig;
  fetchPolicy: Partial<FetchPolicy>;
  sourceUrls: string[];
  onProgress(progress: Progress): void;
  signal: AbortSignal;
  /** Read back every valid job whole (`--json`, `--show`), not only the table's columns. */
  wholeJobs?: boolean;
}

export type { InvalidRecord, NormalisedRecord, TriedJob };

export interface DryRunResult {
  importId: string;
  temporary: boolean;
  jobs: TriedJob[];
  invalid: InvalidRecord[];
  observations: Observations;
  checks: ChecksOutcome;
  /** What applying the run would have done; the writes were rolled back. */
  counts: RunCounts;
  /** With `wholeJobs`: every valid job, in the order read. */
  normalised: NormalisedRecord[];
}

/** The importer failed, not the database: carries what it fetched before failing. */
export class ExtractionFailed extends Error {
  constructor(
    readonly error: unknown,
    readonly observations: Observations,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

class Rollback extends Error {}

/**
 * A whole run (stage, figures, checks, apply) with the worker's own code, inside one transaction that is always
 * rolled back: the diff is real, and nothing stays in the database, whatever happens.
 */
export async function dryRun(sql: postgres.Sql, input: DryRunInput): Promise<DryRunResult> {
  let result: DryRunResult | undefined;
  try {
    await sql.begin(async (tx) => {
      result = await runInTransaction(tx, input);
      throw new Rollback('importer try never writes');
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return result!;
}

/**
 * StageWriter, computeFigures and goodRuns declare a pool (`Sql`) but only run queries, which a transaction does
 * too: that is how their statements join the rolled-back transaction.
 */
const asSql = (tx: postgres.TransactionSql): postgres.Sql => tx as unknown as postgres.Sql;

async function runInTransaction(tx: postgres.TransactionSql, input: DryRunInput): Promise<DryRunResult> {
  const importId = input.importId ?? (await createTemporaryImport(tx, input));
  const runId = await insertRun(tx, { importId, environment: input.environment, workflowId: `importer-try:${randomUUID()}`, importerKey: input.importer.key });

  const { observations, records, valid } = await extract(asSql(tx), runId, input);
  await markExtracted(tx, runId, { counts: { records, valid, invalid: records - valid }, observations, sourceKey: null, sourceDocuments: null });

  const figures = await computeFigures(asSql(tx), runId, observations);
  const history = await goodRuns(asSql(tx), importId, input.environment, runId, input.checks.countDrop.window);
  const checks = evaluateChecks({ figures, history, config: input.checks });

  const jobs = await triedJobs(tx, runId);
  const invalid = await invalidRecords(tx, runId);
  const normalised = input.wholeJobs ? await normalisedRecords(tx, runId) : [];

  const counts = await applyRunIn(tx, runId);
  return { importId, temporary: input.importId === null, jobs: [...jobs], invalid: [...invalid], observations, checks, counts, normalised: [...normalised] };
}

async function createTemporaryImport(tx: postgres.TransactionSql, input: DryRunInput): Promise<string> {
  const id = randomUUID();
  await insertTemporaryImport(tx, {
    id,
    clientName: `importer try ${id}`,
    name: `importer try: ${input.importer.key}`,
    kind: input.importer.kind,
    sourceUrls: input.sourceUrls,
    requestedBy: 'importer-try',
    // `allowPrivate` is the platform's and this machine's (scripts/importer/try.ts), not the import's: not stored.
    config: { environment: input.environment, importerKey: input.importer.key, config: input.storedConfig, fetchPolicy: { ...input.fetchPolicy, allowPrivate: undefined } },
  });
  return id;
}

/** Fetch, parse, normalise and stage, in this process (no compartment), as activities/compartment/child.ts does. */
async function extract(sql: postgres.Sql, runId: string, input: DryRunInput): Promise<{ observations: Observations; records: number; valid: number }> {
  // The observer's own progress reports are left unused: the meter below is finer (see meteredContext).
  const { observer, observations } = createObserver(() => undefined);
  const base = createExtractContext(input.fetchPolicy, observer, input.signal);
  const meter = meteredContext(base, input.onProgress);
  const writer = new StageWriter(sql, runId, 500);
  const items = input.importer.extract(meter.ctx, input.config)[Symbol.asyncIterator]();
  let seq = 0;
  try {
    for (;;) {
      // Only the importer's own steps count as extraction failures; a database error stays what it is.
      let step: IteratorResult<ExtractedJob>;
      try {
        step = await items.next();
      } catch (err) {
        throw new ExtractionFailed(err, observations);
      }
      if (step.done) break;
      seq += 1;
      meter.job();
      await writer.add(toStaged(seq, step.value));
    }
    await writer.flush();
  } finally {
    await base.close();
  }
  return { observations, records: writer.records, valid: writer.valid };
}

function toStaged(seq: number, item: ExtractedJob): StagedRecord {
  const result = normaliseExtracted(item);
  if (result.ok) {
    const { job } = result;
    return { seq, externalId: job.externalId, valid: true, job, contentHash: job.contentHash, raw: null, errors: null, sourceUrl: item.sourceUrl };
  }
  const id = item.raw.externalId;
  return {
    seq,
    externalId: id === null || id === undefined ? null : String(id),
    valid: false,
    job: null,
    contentHash: null,
    raw: item.raw as Record<string, unknown>,
    errors: result.errors,
    sourceUrl: item.sourceUrl,
  };
}
