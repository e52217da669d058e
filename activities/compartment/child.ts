// A compartment: one import's extraction in a process of its own, so an importer stuck in a loop or
// allocating without bound is killed by the worker (time and heap limits) without taking other imports down.
// It fetches, parses, normalises and stages records in Postgres, then reports figures over IPC.
import postgres from 'postgres';
import type * as TsxApi from 'tsx/esm/api';
import { loadImporter } from '../../importers/loaders';
// The SDK's files, not its index: the index loads every kind (cheerio, parse5, the feed reader), and a compartment
// loads only its run's importer and what that imports (importers/loaders.ts).
import type { ExtractContext } from '../../importers/sdk/definition';
import { HttpStatusError, ImporterError } from '../../importers/sdk/errors';
import { createExtractContext } from '../../importers/sdk/fetch';
import { createSourceRecord } from '../../importers/sdk/net/source-record';
import { jobJson, normaliseExtracted } from '../../importers/sdk/normalise';
import { RecordTextScan } from '../../importers/sdk/record-text-check';
import { importModule } from '../../platform/import-module';
import { redact, redactDeep, rememberSecrets } from '../../platform/redact';
import { noteImporterRan } from './code-cache';
import { createObserver } from './observer';
import { COMPARTMENT_APPLICATION_NAME, type ChildMessage, type ExtractionFailure, type ExtractionJob, type ParentMessage } from './protocol';
import { StageWriter } from './stage-writer';
import { Failure } from '../../contracts/failure-types';

const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });

let finished = false;
process.once('message', (message: ParentMessage) => {
  if (message.type !== 'start') return;
  void run(message.job).then(() => {
    finished = true;
    process.disconnect?.();
  });
});
// The worker died (SIGKILL, OOM): nobody will read this extraction's result, and its retry on another worker clears
// and rewrites the stage. Stop now rather than write beside it.
process.on('disconnect', () => {
  if (!finished) process.exit(1);
});

async function run(job: ExtractionJob): Promise<void> {
  const { observer, observations, setExcerpt } = createObserver((progress) => void send({ type: 'progress', progress }));
  // Named, so that pg_stat_activity tells compartments from the worker's pool (the burst bench counts them). No
  // fetch_types: postgres.js would spend a query of every connection on the array types, and a compartment's
  // statements (stage-writer.ts, the records digest) send and read no arrays.
  const sql = postgres(job.databaseUrl, { max: 1, onnotice: () => {}, fetch_types: false, connection: { application_name: COMPARTMENT_APPLICATION_NAME } });
  // A URL built from a secret (a token in a feed's query) is where a record came from: masked before it is staged.
  rememberSecrets(job.secrets ?? []);
  try {
    // Extra importer modules in TypeScript (tests' runaway importers) need a loader the compiled bundle lacks.
    if (job.importerModules.some((m) => /\.[cm]?tsx?$/.test(m)) && !process.execArgv.includes('tsx')) {
      const { register } = (await importModule('tsx/esm/api')) as typeof TsxApi;
      register();
    }
    const importer = await loadImporter(job.importerKey, job.importerModules);
    if (!importer) throw new SetupError(Failure.UnknownImporter, `No importer with key "${job.importerKey}" is registered`);
    noteImporterRan(importer.key);
    const parsed = importer.configSchema.safeParse(job.config);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
      throw new SetupError(Failure.InvalidConfig, `Invalid configuration for importer "${importer.key}": ${problems}`);
    }

    const source = createSourceRecord();
    const base = createExtractContext(job.fetchPolicy, observer, undefined, source);
    const ctx: ExtractContext = {
      ...base,
      fetch: async (url, init) => {
        const document = await base.fetch(url, init);
        setExcerpt(document.finalUrl, document.text);
        return document;
      },
    };
    const writer = new StageWriter(sql, job.runId, job.batchSize);
    // A retried extraction starts over: no digest of a previous attempt may outlive its records.
    await sql`update runs set records_digest = null where id = ${job.runId}`;
    await writer.clear();
    let seq = 0;
    const recordText = new RecordTextScan();
    try {
      for await (const item of importer.extract(ctx, parsed.data)) {
        seq += 1;
        const result = normaliseExtracted(item);
        if (result.ok) recordText.add(result.job, item.sourceUrl);
        const externalId = item.raw.externalId === null || item.raw.externalId === undefined ? null : String(item.raw.externalId);
        await writer.add(
          result.ok
            ? { seq, externalId: result.job.externalId, valid: true, job: result.job, jobText: jobJson(result.job), contentHash: result.job.contentHash, raw: null, errors: null, sourceUrl: maybeRedact(item.sourceUrl) }
            : { seq, externalId, valid: false, job: null, contentHash: null, raw: redactDeep(item.raw as Record<string, unknown>), errors: redactDeep(result.errors), sourceUrl: maybeRedact(item.sourceUrl) },
        );
      }
      await writer.finish();
      const textNote = recordText.note();
      if (textNote) observer.fidelity?.({ ...textNote, url: maybeRedact(textNote.url) ?? textNote.url });
      // Set only once every record is staged and counted: the apply trusts it to stand for them (unchanged re-runs).
      await sql`update runs set records_digest = ${writer.digest} where id = ${job.runId}`;
    } catch (err) {
      // The COPY stream is open while the importer runs: cancel it, so the connection ends now (sql.end below).
      writer.abort();
      throw err;
    } finally {
      await base.close();
    }
    await send({ type: 'done', summary: { records: writer.records, valid: writer.valid, invalid: writer.records - writer.valid, peakRssKb: process.resourceUsage().maxRSS, observations, documents: source.documents() } });
  } catch (err) {
    await send({ type: 'failed', failure: toFailure(err), observations });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const maybeRedact = (url: string | null | undefined): string | null => (url ? redact(url) : null);

/** The run cannot start: a configuration problem that no retry fixes. */
class SetupError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function toFailure(err: unknown): ExtractionFailure {
  if (err instanceof SetupError) return { type: err.type, message: err.message, retryable: false };
  if (err instanceof ImporterError) {
    return {
      type: err.type,
      message: err.message,
      retryable: err.retryable,
      ...(err.url ? { url: err.url } : {}),
      ...(err.status ? { status: err.status } : {}),
      ...('selector' in err && typeof err.selector === 'string' ? { selector: err.selector } : {}),
      ...(err instanceof HttpStatusError && err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
      ...(err.stack ? { stack: err.stack } : {}),
    };
  }
  // Anything else thrown from an importer is a bug in its code: retrying would fail the same way.
  const e = err instanceof Error ? err : new Error(String(err));
  return { type: Failure.ImporterCrashed, message: `${e.name}: ${e.message}`, retryable: false, ...(e.stack ? { stack: e.stack } : {}) };
}
