import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SourceDocument } from '../../contracts/runs';
import { ENVIRONMENTS } from './import-configs';
import { imports } from './imports';

export const RUN_STATUSES = ['running', 'extracted', 'quarantined', 'applied', 'discarded', 'failed', 'reverted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunCounts {
  records: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  closed: number;
  reopened: number;
}

/** One run of an import: its lifecycle, figures and check results. The workflow holds only its id. */
export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull(),
    workflowId: text('workflow_id').notNull().unique(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('running'),
    importerKey: text('importer_key').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    extractedAt: timestamp('extracted_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    counts: jsonb('counts').$type<Partial<RunCounts>>().notNull().default({}),
    /** What the extraction observed: pages with statuses, selector matches, structure fingerprints. */
    observations: jsonb('observations').$type<Record<string, unknown>>(),
    /** The figures the checks judged (counts, field coverage, duplicates…), kept for later runs' comparisons. */
    figures: jsonb('figures').$type<Record<string, unknown>>(),
    /** True when the extraction listed every open job, so that missing jobs may be closed. */
    complete: boolean('complete').notNull().default(false),
    /**
     * sha256 of the run's records in order (valid or not, external id, content hash), set by the compartment once
     * every record is staged; null until then. Two runs with the same digest give the apply the same input, which
     * is what lets an unchanged re-run skip its diff (activities/runs/apply.ts).
     */
    recordsDigest: text('records_digest'),
    /**
     * sha256 of what decides a run's records besides its documents: the importer's key and code, the import's
     * config (secrets resolved), fetch policy and checks (activities/runs/source.ts). With `sourceDocuments`, what
     * lets a later run find its source unchanged and skip extraction, staging and apply.
     */
    sourceKey: text('source_key'),
    /** Every document the extraction read (URL, ETag, Last-Modified, sha256 of the bytes); null when not replayable. */
    sourceDocuments: jsonb('source_documents').$type<SourceDocument[]>(),
    /**
     * Set on a run that found its source unchanged: the earlier run whose staged records stand for its own (it
     * staged none). Its figures, counts and records digest are that run's.
     */
    recordsFromRun: uuid('records_from_run'),
    /** Why the run did less than a full extraction and apply ("unchanged source: …"), for humans. */
    skipReason: text('skip_reason'),
    checks: jsonb('checks').$type<unknown[]>(),
    error: jsonb('error').$type<Record<string, unknown>>(),
    decidedBy: text('decided_by'),
  },
  (t) => [index('runs_import_env_started_idx').on(t.importId, t.environment, t.startedAt)],
);

/**
 * The records a run extracted, staged before any check or apply: large data stays here, referenced by run id,
 * never in workflow history. `job` is the normalised job when valid; `errors` says why not otherwise.
 *
 * Written as fast as Postgres takes rows (one COPY per extraction), so the table is UNLOGGED (migration
 * 0008_run_source_unlogged; drizzle cannot declare it) and `run_id` has no foreign key (one check per row, and
 * runs are never deleted). Staged rows are re-creatable from the source: a crash empties the table, and an
 * extracted run whose rows went missing is refused by the apply ("extract again") instead of closing jobs.
 */
export const runRecords = pgTable(
  'run_records',
  {
    runId: uuid('run_id').notNull(),
    seq: integer('seq').notNull(),
    externalId: text('external_id'),
    valid: boolean('valid').notNull(),
    job: jsonb('job').$type<Record<string, unknown>>(),
    contentHash: text('content_hash'),
    raw: jsonb('raw').$type<Record<string, unknown>>(),
    errors: jsonb('errors').$type<{ field: string; message: string }[]>(),
    sourceUrl: text('source_url'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] }), index('run_records_run_external_idx').on(t.runId, t.externalId)],
);

