import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { clients, feedTokens, imports, jobs } from '../schema';
import { jobRowFields, type JobRowFields } from './jobs';

/** A client's feed: its tokens (hashed) and its production jobs, whole or changed since a cursor. */
export type FeedTokenRow = typeof feedTokens.$inferSelect;
export type ChangedJob = JobRowFields & { changeXid: string; createdSince: boolean };


/** Where a client's changes feed stands (encoded for the client by apps/api/feed/changes-cursor.ts). */
export interface ChangesCursor {
  /** `pg_snapshot` text: `xmin:xmax:xip,…`. */
  snapshot: string;
  /**
   * The last (change_xid, job id) of a cut page, and the snapshot of the cursor the pages started from (what tells
   * a job created since from one updated); null once the snapshot's changes were all returned.
   */
  after: { xid: string; id: number; base: string } | null;
}

/** The client's production jobs: the one scope of everything a feed reads. */
const clientProduction = (clientId: string) => and(eq(imports.clientId, clientId), eq(jobs.environment, 'production'));

export async function feedClient(db: Database, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: clients.id, name: clients.name }).from(clients).where(eq(clients.id, id));
  return row ?? null;
}

export async function insertFeedToken(db: Database, values: typeof feedTokens.$inferInsert): Promise<FeedTokenRow> {
  const [row] = await db.insert(feedTokens).values(values).returning();
  return row!;
}

export function feedTokensOf(db: Database, clientId: string): Promise<FeedTokenRow[]> {
  return db.select().from(feedTokens).where(eq(feedTokens.clientId, clientId)).orderBy(desc(feedTokens.createdAt));
}

/** Revokes a token of the client once (a second revoke leaves the first date); null when the client has no such token. */
export async function revokeFeedToken(db: Database, clientId: string, id: string, by: string): Promise<FeedTokenRow | null> {
  await db
    .update(feedTokens)
    .set({ revokedAt: sql`now()`, revokedBy: by })
    .where(and(eq(feedTokens.id, id), eq(feedTokens.clientId, clientId), isNull(feedTokens.revokedAt)));
  const [row] = await db.select().from(feedTokens).where(and(eq(feedTokens.id, id), eq(feedTokens.clientId, clientId)));
  return row ?? null;
}

export async function feedTokenByHash(db: Database, tokenHash: string): Promise<(FeedTokenRow & { clientName: string }) | null> {
  const [row] = await db
    .select({ token: feedTokens, clientName: clients.name })
    .from(feedTokens)
    .innerJoin(clients, eq(clients.id, feedTokens.clientId))
    .where(eq(feedTokens.tokenHash, tokenHash));
  return row ? { ...row.token, clientName: row.clientName } : null;
}

/**
 * The client's open production jobs, when the feed last changed (the latest `changed_at` of its production jobs,
 * closed ones included: a closing changes the feed), and the snapshot they were read in (the `changes` cursor to
 * start from): one repeatable-read transaction, so the three agree.
 */
export function clientOpenJobs(db: Database, clientId: string): Promise<{ jobs: JobRowFields[]; lastModified: Date | null; snapshot: string }> {
  return db.transaction(
    async (tx) => {
      const [state] = await tx
        .select({
          snapshot: sql<string>`pg_current_snapshot()::text`,
          lastModified: sql<string | null>`max(${jobs.changedAt})::text`,
        })
        .from(jobs)
        .innerJoin(imports, eq(imports.id, jobs.importId))
        .where(clientProduction(clientId));
      const rows = await tx
        .select(jobRowFields)
        .from(jobs)
        .innerJoin(imports, eq(imports.id, jobs.importId))
        .where(and(clientProduction(clientId), eq(jobs.status, 'open')))
        // By the client's own reference: the same order whichever import's run committed first.
        .orderBy(asc(jobs.externalId), asc(jobs.id));
      return { jobs: rows, lastModified: state?.lastModified ? new Date(state.lastModified) : null, snapshot: state!.snapshot };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The client's production jobs changed since `cursor` (see changes-cursor.ts), ordered by (change_xid, id), up to
 * `limit`, with the snapshot they were read in. `base`: the snapshot that tells a job created since from one
 * updated.
 */
export function clientJobChanges(db: Database, clientId: string, cursor: ChangesCursor, base: string, limit: number): Promise<{ jobs: ChangedJob[]; snapshot: string }> {
  return db.transaction(
    async (tx) => {
      const [now] = await tx.execute<{ snapshot: string }>(sql`select pg_current_snapshot()::text as snapshot`);
      const since = sql`${cursor.snapshot}::pg_snapshot`;
      const after = cursor.after;
      // The floor lets the index (import_id, environment, change_xid) bound the scan: a job not visible in the
      // snapshot changed at or after its xmin; one past the position, at or after the position's xid.
      const floor = after ? sql`least(pg_snapshot_xmin(${since}), ${after.xid}::xid8)` : sql`pg_snapshot_xmin(${since})`;
      const unseen = after
        ? sql`(not pg_visible_in_snapshot(${jobs.changeXid}, ${since}) or (${jobs.changeXid}, ${jobs.id}) > (${after.xid}::xid8, ${after.id}::bigint))`
        : sql`not pg_visible_in_snapshot(${jobs.changeXid}, ${since})`;
      const rows = await tx
        .select({ ...jobRowFields, changeXid: sql<string>`${jobs.changeXid}::text`, createdSince: sql<boolean>`not pg_visible_in_snapshot(${jobs.createdXid}, ${base}::pg_snapshot)` })
        .from(jobs)
        .innerJoin(imports, eq(imports.id, jobs.importId))
        .where(and(clientProduction(clientId), sql`${jobs.changeXid} >= ${floor}`, unseen))
        .orderBy(asc(jobs.changeXid), asc(jobs.id))
        .limit(limit);
      return { jobs: rows, snapshot: now!.snapshot };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

