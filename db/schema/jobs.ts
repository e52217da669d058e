import { sql } from 'drizzle-orm';
import { bigint, bigserial, customType, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ENVIRONMENTS } from './import-configs';
import { imports } from './imports';

/** A 64-bit transaction id (Postgres `xid8`), read as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const JOB_STATUSES = ['open', 'closed'] as const;

/**
 * Our job database, per import and environment (staging and production never mix). Jobs are never deleted:
 * a job missing from a complete fetch is closed, and reopened if it comes back.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull(),
    externalId: text('external_id').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    /** The runs that created and last changed the job. Not foreign keys (see migration 0012): runs are never deleted. */
    createdByRun: uuid('created_by_run'),
    lastChangedByRun: uuid('last_changed_by_run'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /**
     * The transactions that inserted the row and last changed its status, data or closing (a trigger, migration
     * 0018, sets `change_xid` and `changed_at` on every such update, whatever writes it: apply, revert, deploy compensation): what the
     * client feed's `changes` cursor compares with snapshots (apps/api/feed/changes-cursor.ts).
     */
    createdXid: xid8('created_xid').notNull().default(sql`pg_current_xact_id()`),
    changeXid: xid8('change_xid').notNull().default(sql`pg_current_xact_id()`),
    /**
     * When that change was made (the same trigger, clock time): the feed's Last-Modified. Unlike updated_at, which a
     * deploy compensation sets back to its earlier value, it never goes back when content changes.
     */
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('jobs_import_env_external_idx').on(t.importId, t.environment, t.externalId),
    index('jobs_import_env_status_idx').on(t.importId, t.environment, t.status),
    index('jobs_import_env_change_idx').on(t.importId, t.environment, t.changeXid),
  ],
);

export const JOB_CHANGE_OPS = ['create', 'update', 'close', 'reopen'] as const;
export type JobChangeOp = (typeof JOB_CHANGE_OPS)[number];

/**
 * Every change a run made to a job, with the state before and after: what a revert replays backwards.
 * `reverted_at` marks the changes a revert has undone.
 */
export const jobChanges = pgTable(
  'job_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Not foreign keys, for the apply's speed (see migration 0012): runs and jobs are never deleted, a trigger says so. */
    runId: uuid('run_id').notNull(),
    jobId: bigint('job_id', { mode: 'number' }).notNull(),
    op: text('op', { enum: JOB_CHANGE_OPS }).notNull(),
    before: jsonb('before').$type<{ status: string; data: Record<string, unknown>; contentHash: string; closedAt: string | null } | null>(),
    after: jsonb('after').$type<{ status: string; data: Record<string, unknown>; contentHash: string; closedAt: string | null }>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    revertedAt: timestamp('reverted_at', { withTimezone: true }),
  },
  (t) => [index('job_changes_run_idx').on(t.runId, t.id)],
);
