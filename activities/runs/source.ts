import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import type { SourceDocument } from '../../importers/sdk';
import { latestFinishedRun, markExtractedUnchanged, type PreviousRun, type Run } from '../../db/queries/runs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The code a compartment runs: every importer and the SDK, the compartment itself, and the locked dependencies. */
const CODE_DIRS = ['importers', 'activities/compartment'];
const CODE_FILES = ['package-lock.json'];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|js|mjs|json)$/.test(e.name) && !/\.test\.ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.split(path.sep).includes('fixtures'))
    .sort();
}

/**
 * sha256 of the code an extraction runs, read from disk at every run: compartments load the code afresh, so an
 * importer edited while the worker runs counts as changed. Conservative: a change to any importer or to the SDK
 * changes every import's version (≈ 100 small files, a few ms). Extra importer modules (tests) are hashed by
 * their own file only.
 */
export async function codeVersion(importerModules: string[]): Promise<string> {
  const hash = createHash('sha256').update(`node ${process.version}\n`);
  const files = [...(await Promise.all(CODE_DIRS.map((d) => sourceFiles(path.join(ROOT, d))))).flat(), ...CODE_FILES.map((f) => path.join(ROOT, f)), ...importerModules];
  for (const file of files) {
    hash.update(`${path.relative(ROOT, file)}\n`);
    hash.update(await readFile(file).catch(() => Buffer.from('(missing)')));
    hash.update('\n');
  }
  return hash.digest('hex');
}

/**
 * What decides a run's records and their judgement besides the documents fetched: the importer and its code, the
 * import's configuration as stored (secrets by reference: no secret is hashed into a key kept in the runs row; a
 * rotated token is asked again with the documents), fetch policy and checks. Versioned like the records digest: a
 * change of what goes in must not make old keys match new ones.
 */
export function sourceKey(input: { importerKey: string; codeVersion: string; config: unknown; fetchPolicy: unknown; checks: unknown }): string {
  return createHash('sha256')
    .update('liaison source key v1\n')
    .update(JSON.stringify([input.importerKey, input.codeVersion, input.config ?? null, input.fetchPolicy ?? null, input.checks ?? null]))
    .digest('hex');
}

export type PreviousSource = PreviousRun & { recordsDigest: string; sourceDocuments: SourceDocument[] };

/**
 * The run this one may find its source unchanged against, or null. Only when the latest finished run of the import
 * and environment was applied and its apply is still in force — it is the latest applied (or reverted) run, it was
 * complete, no job changed after it (`updated_at`, as for the records-digest skip in apply.ts) — and it was made
 * with the same source key and left replayable documents. The apply checks "still in force" again in its
 * transaction; this is the cheap look before any fetch.
 */
export async function previousSource(sql: postgres.Sql, run: Pick<Run, 'id' | 'importId' | 'environment'>, key: string): Promise<PreviousSource | null> {
  const latest = await latestFinishedRun(sql, run);
  if (!latest || latest.status !== 'applied' || !latest.inForce || !latest.complete || latest.touched) return null;
  if (latest.sourceKey !== key || !Array.isArray(latest.sourceDocuments) || latest.sourceDocuments.length === 0 || !latest.recordsDigest) return null;
  return latest as PreviousSource;
}

/**
 * Records a run whose source is unchanged: extracted, with the previous run's counts, figures and records digest,
 * pointing at the run whose staged records stand for its own. Nothing is staged.
 */
export async function recordUnchangedSource(
  sql: postgres.Sql,
  runId: string,
  previous: PreviousSource,
  key: string,
  documents: SourceDocument[],
): Promise<{ records: number; valid: number; invalid: number }> {
  const { records = 0, valid = 0, invalid = 0 } = previous.counts;
  await markExtractedUnchanged(sql, runId, {
    counts: { records, valid, invalid },
    observations: { ...previous.observations, peakRssKb: undefined },
    figures: previous.figures,
    recordsDigest: previous.recordsDigest,
    sourceKey: key,
    sourceDocuments: documents,
    recordsFromRun: previous.recordsFromRun ?? previous.id,
    skipReason: `unchanged source: the ${documents.length} document(s), importer code, config, fetch policy and checks are those of run ${previous.id}`,
  });
  return { records, valid, invalid };
}
