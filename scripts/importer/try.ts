import { existsSync } from 'node:fs';
import path from 'node:path';
import { type ChecksConfig, ChecksConfigError, defaultChecksConfig, parseChecksConfig } from '../../activities/checks';
import { MissingSecretError, resolveSecrets } from '../../activities/runs/secrets';
import type { EnvironmentName } from '../../contracts';
import { registry } from '../../importers/registry';
import { effectiveFetchPolicy, type FetchPolicy, type ImporterDefinition } from '../../importers/sdk';
import { type Env, fetchSettings } from '../../platform/config';
import { openDatabase, type TryDatabase } from './database';
import { dryRun, type DryRunResult, ExtractionFailed } from './dry-run';
import { EXIT, UsageError } from './errors';
import { type FixtureServer, serveFixtureFile } from './fixture-server';
import { describeProgress, progressReporter } from './progress';
import { formatExtractionFailure, formatReport } from './report';
import { findJob, formatJob, jobsNdjson } from './show';
import { assertImportId, type ExistingImport, loadImport, parseInlineConfig, prepareConfig, validateConfig } from './target';
import { allLoopback, sourceUrls } from './url-override';
import { reviewFeedConfig, suggestCommand } from './suggest';

export interface TryOptions {
  key: string;
  url?: string | undefined;
  fixture?: string | undefined;
  importId?: string | undefined;
  environment: EnvironmentName;
  config?: string | undefined;
  /** `feed` only: propose a configuration from the feed instead of trying one. */
  suggest?: boolean;
  /** Every normalised job as NDJSON on stdout; the report goes to stderr. */
  json?: boolean | undefined;
  /** One job (by external id), every field, on stdout; the report goes to stderr. */
  show?: string | undefined;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stderr: NodeJS.WriteStream;
}

/** The importer, or a UsageError listing the known keys (and saying so when the folder exists unregistered). */
export function findImporter(key: string, root: string): ImporterDefinition<unknown> {
  const importer = registry.get(key);
  if (importer) return importer;
  const unregistered = existsSync(path.join(root, 'importers', key, 'index.ts'))
    ? ` importers/${key}/ exists but is not registered: add it to IMPORTERS in importers/registry.ts.`
    : '';
  throw new UsageError(`Unknown importer "${key}".${unregistered} Known importers: ${[...registry.keys()].sort().join(', ')}`);
}

/** `importer try`: the development result of an importer, diffed against the database without writing to it. */
export async function tryCommand(options: TryOptions, env: Env, root: string, io: Io): Promise<number> {
  const importer = findImporter(options.key, root);
  assertTryOptions(options);
  const inline = options.config === undefined ? undefined : parseInlineConfig(options.config);

  let fixture: FixtureServer | undefined;
  let db: TryDatabase | undefined;
  const controller = new AbortController();
  // First Ctrl-C stops the fetch: the transaction is rolled back and what was started is stopped cleanly.
  const onInterrupt = (): void => controller.abort(new Error('interrupted (Ctrl-C)'));
  process.once('SIGINT', onInterrupt);
  try {
    if (options.fixture !== undefined) {
      fixture = await serveFixtureFile(options.fixture);
      io.err(`Serving ${options.fixture} at ${fixture.url}`);
    }
    const url = fixture?.url ?? options.url;
    if (options.suggest === true) return await suggestCommand(importer, url, inline, io);

    // Without --import everything is known before the database starts, so bad input fails at once. A `$secret`
    // reference is only resolved with the database, so such a configuration is validated after.
    const early = options.importId === undefined ? prepareConfig(importer, inline ?? {}, url, io.err) : undefined;
    if (early !== undefined && !JSON.stringify(early).includes('"$secret"')) validateConfig(importer, early);

    db = await openDatabase(env, io.err);
    const target = await resolveTarget({ importer, options, inline, url, early, db, env, io });
    const progress = progressReporter(io.stderr);
    let result: DryRunResult;
    try {
      result = await dryRun(db.sql, {
        importer,
        config: target.config,
        storedConfig: target.stored,
        importId: target.existing?.importId ?? null,
        environment: options.environment,
        checks: checksConfig(target.existing),
        fetchPolicy: target.fetchPolicy,
        sourceUrls: target.urls,
        onProgress: (p) => progress.report(p),
        signal: controller.signal,
        wholeJobs: options.json === true || options.show !== undefined,
      });
    } catch (err) {
      progress.clear();
      return dryRunFailure(err, controller.signal, io);
    }
    progress.clear();
    io.err(`Done in ${progress.elapsedSeconds()} s: ${describeProgress({ pages: result.observations.pageCount, bytes: result.observations.bytes, jobs: result.counts.records })}`);
    return await printResult(importer, options, target, result, io);
  } finally {
    process.off('SIGINT', onInterrupt);
    await fixture?.close();
    await db?.close();
  }
}

/** Options that contradict each other or say nothing, refused before anything starts. */
function assertTryOptions(options: TryOptions): void {
  if (options.url !== undefined && options.fixture !== undefined) throw new UsageError('Give --url or --fixture, not both');
  if (options.url !== undefined && !/^https?:\/\//i.test(options.url)) throw new UsageError(`--url ${options.url}: an http(s) URL is expected`);
  if (options.importId !== undefined) assertImportId(options.importId);
  if (options.json && options.show !== undefined) throw new UsageError('Give --json or --show, not both');
  if (options.suggest === true && (options.json === true || options.show !== undefined)) throw new UsageError('--suggest proposes a configuration: give it without --json or --show');
  if (options.show !== undefined && options.show.trim() === '') throw new UsageError('--show: the external id of a job is expected');
}

/** What is tried: the import (with --import), its configuration as stored and as validated, where and how it fetches. */
interface TryTarget {
  existing: ExistingImport | null;
  stored: Record<string, unknown>;
  config: unknown;
  urls: string[];
  fetchPolicy: Partial<FetchPolicy>;
}

async function resolveTarget(input: {
  importer: ImporterDefinition<unknown>;
  options: TryOptions;
  inline: Record<string, unknown> | undefined;
  url: string | undefined;
  /** The configuration prepared before the database opened (without --import). */
  early: Record<string, unknown> | undefined;
  db: TryDatabase;
  env: Env;
  io: Io;
}): Promise<TryTarget> {
  const { importer, options, inline, url, db, io } = input;
  let stored = input.early;
  let existing: ExistingImport | null = null;
  if (options.importId !== undefined) {
    existing = await loadImport(db.sql, options.importId, options.environment);
    if (existing.importerKey !== importer.key) {
      io.err(`Note: import ${existing.importId} runs "${existing.importerKey}" in ${options.environment}; trying "${importer.key}" against its jobs.`);
    }
    stored = prepareConfig(importer, inline ?? existing.config, url, io.err);
  }
  const config = validateConfig(importer, await resolveConfigSecrets(stored ?? {}, db));
  const urls = sourceUrls(stored);
  // The import's limits under the platform's maxima and allowlist (FETCH_*), as a run would fetch. The CLI runs on a
  // developer's machine: a source all on loopback (its own fixture, a local copy of the site) is reachable there;
  // any other URL keeps the production address guard.
  const platform = fetchSettings(input.env);
  const effective = effectiveFetchPolicy(existing?.fetchPolicy, platform);
  const fetchPolicy: Partial<FetchPolicy> = allLoopback(urls) ? { ...effective, allowPrivate: [...platform.allowPrivate, '127.0.0.0/8', '::1'] } : effective;
  return { existing, stored: stored ?? {}, config, urls, fetchPolicy };
}

/** The exit code of a dry run that threw: interrupted, or an extraction failure explained; anything else rethrown. */
function dryRunFailure(err: unknown, signal: AbortSignal, io: Io): number {
  if (signal.aborted) {
    io.err('✖ Interrupted (Ctrl-C): nothing was written, the transaction was rolled back.');
    return EXIT.interrupted;
  }
  if (!(err instanceof ExtractionFailed)) throw err;
  io.err(formatExtractionFailure(err));
  return EXIT.failed;
}

async function printResult(importer: ImporterDefinition<unknown>, options: TryOptions, target: TryTarget, result: DryRunResult, io: Io): Promise<number> {
  const { existing } = target;
  const heading = {
    importerKey: importer.key,
    kind: importer.kind,
    environment: options.environment,
    sourceUrls: target.urls,
    existing: existing && { importId: existing.importId, open: existing.open, closed: existing.closed },
  };
  // With --json or --show, stdout carries the jobs only (for jq, a diff, a file); the report goes to stderr.
  const exit = result.checks.passed ? EXIT.ok : EXIT.checksFailed;
  if (options.json) {
    io.err(formatReport(heading, result));
    for (const line of jobsNdjson(result.normalised)) io.out(line);
    return exit;
  }
  if (options.show !== undefined) {
    io.err(formatReport(heading, result));
    io.out(formatJob(findJob(options.show, result.normalised, result.invalid)));
    return exit;
  }
  io.out(formatReport(heading, result));
  if (importer.key === 'feed') await reviewFeedConfig(target.config, target.fetchPolicy, io);
  return exit;
}

function checksConfig(existing: ExistingImport | null): ChecksConfig {
  if (existing === null) return defaultChecksConfig();
  try {
    return parseChecksConfig(existing.checks);
  } catch (err) {
    if (err instanceof ChecksConfigError) throw new UsageError(`Import ${existing.importId}: ${err.message}`);
    throw err;
  }
}

async function resolveConfigSecrets(config: Record<string, unknown>, db: TryDatabase): Promise<unknown> {
  try {
    return await resolveSecrets(config, db.sql);
  } catch (err) {
    if (err instanceof MissingSecretError) throw new UsageError(err.message);
    throw err;
  }
}
