import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { imports } from './imports';

export const DEPLOY_KINDS = ['deploy', 'revert'] as const;
export const DEPLOY_STATUSES = ['running', 'completed', 'rolled_back'] as const;

/** A production job as it was before a deploy: what the run step's compensation restores. */
export interface SnapshotJob {
  id: number;
  externalId: string;
  status: string;
  contentHash: string;
  data: Record<string, unknown>;
  closedAt: string | null;
  updatedAt: string;
  lastChangedByRun: string | null;
}

/** The production schedule before a deploy; `spec` is Temporal's own description (calendars), restored as is. */
export interface SnapshotSchedule {
  paused: boolean;
  note: string | null;
  spec: Record<string, unknown>;
}

export interface ProductionSnapshot {
  /** The production `import_configs` row, or null when there was none. */
  config: Record<string, unknown> | null;
  schedule: SnapshotSchedule | null;
  jobs: SnapshotJob[];
  /** Status of every version row before the deploy. */
  versions: { id: number; status: string }[];
}

/**
 * One production deploy (or revert) saga, keyed by its deploy id: the state of production before it (by
 * reference here, never in workflow history) and the steps done, so a retried step never applies twice.
 */
export const deploySnapshots = pgTable(
  'deploy_snapshots',
  {
    deployId: text('deploy_id').primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    kind: text('kind', { enum: DEPLOY_KINDS }).notNull(),
    status: text('status', { enum: DEPLOY_STATUSES }).notNull().default('running'),
    snapshot: jsonb('snapshot').$type<ProductionSnapshot>().notNull(),
    /** Step name → what it did (version number, run id…), written when the step is done. */
    steps: jsonb('steps').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('deploy_snapshots_import_idx').on(t.importId, t.createdAt)],
);

export const VERSION_STATUSES = ['deploying', 'live', 'superseded', 'rolled_back'] as const;

/** Every version deployed to production, so that any earlier one can be restored (a revert). */
export const importVersions = pgTable(
  'import_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    /** 1, 2, … per import. */
    number: integer('number').notNull(),
    /** The importer code version reviewed (e.g. a commit). */
    codeVersion: text('code_version').notNull(),
    importerKey: text('importer_key').notNull(),
    /** The whole production configuration: config, fetchPolicy and schedule (checks below). */
    config: jsonb('config').$type<{ config: Record<string, unknown>; fetchPolicy: Record<string, unknown>; schedule: string | null }>().notNull(),
    checks: jsonb('checks').$type<Record<string, unknown>>().notNull(),
    reviewedBy: text('reviewed_by'),
    deployedBy: text('deployed_by').notNull(),
    deployedAt: timestamp('deployed_at', { withTimezone: true }).notNull().defaultNow(),
    deployId: text('deploy_id').notNull(),
    status: text('status', { enum: VERSION_STATUSES }).notNull().default('deploying'),
  },
  (t) => [uniqueIndex('import_versions_import_number_idx').on(t.importId, t.number), uniqueIndex('import_versions_deploy_idx').on(t.deployId)],
);
