import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import type { SourceDocument } from '../../importers/sdk';
import { jsonb } from './apply';

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

export interface PreviousSource {
  id: string;
  records_from_run: string | null;
  counts: Record<string, number>;
  observations: unknown;
  figures: unknown;
  records_digest: string;
  source_documents: SourceDocument[];
}

/**
 * The run this one may find its source unchanged against, or null. Only when the latest finished run of the import
 * and environment was applied and its apply is still in force — it is the latest applied (or reverted) run, it was
 * complete, no job changed after it (`updated_at`, as for the records-digest skip in apply.ts) — and it was made
 * with the same source key and left replayable documents. The apply checks "still in force" again in its
 * transaction; this is the cheap look before any fetch.
 */
export async function previousSource(sql: postgres.Sql, run: { id: string; import_id: string; environment: string }, key: string): Promise<PreviousSource | null> {
  const [latest] = await sql<(PreviousSource & { status: string; complete: boolean; source_key: string | null; touched: boolean; in_force: boolean })[]>`
    select r.id, r.status, r.complete, r.source_key, r.source_documents, r.records_from_run, r.counts, r.observations, r.figures, r.records_digest,
      exists (select 1 from jobs j where j.import_id = r.import_id and j.environment = r.environment and j.updated_at > r.finished_at) as touched,
      r.id = (select a.id from runs a where a.import_id = r.import_id and a.environment = r.environment and a.status in ('applied', 'reverted')
              order by a.finished_at desc nulls last limit 1) as in_force
    from runs r
    where r.import_id = ${run.import_id} and r.environment = ${run.environment} and r.id <> ${run.id}
      and r.status in ('applied', 'reverted', 'discarded', 'failed')
    order by r.started_at desc
    limit 1`;
  if (!latest || latest.status !== 'applied' || !latest.in_force || !latest.complete || latest.touched) return null;
  if (latest.source_key !== key || !Array.isArray(latest.source_documents) || latest.source_documents.length === 0 || !latest.records_digest) return null;
  return latest;
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
  const recordsFrom = previous.records_from_run ?? previous.id;
  const reason = `unchanged source: the ${documents.length} document(s), importer code, config, fetch policy and checks are those of run ${previous.id}`;
  await sql`
    update runs set status = 'extracted', extracted_at = now(), complete = true, error = null,
      counts = ${jsonb({ records, valid, invalid })}::jsonb, observations = ${jsonb({ ...(previous.observations as object | null), peakRssKb: undefined })}::jsonb,
      figures = ${jsonb(previous.figures)}::jsonb, records_digest = ${previous.records_digest}, source_key = ${key},
      source_documents = ${jsonb(documents)}::jsonb, records_from_run = ${recordsFrom}, skip_reason = ${reason}
    where id = ${runId}`;
  return { records, valid, invalid };
}
