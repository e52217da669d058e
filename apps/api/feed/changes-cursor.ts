import { ApiError } from '../common/api-error';
import type { ChangesCursor } from '../../../db/queries/feed';

/**
 * The client feed's `changes?since=<cursor>` cursor: opaque to the consumer, a Postgres snapshot and a position here.
 *
 * Why not job_changes ids, a sequence or timestamps: they are taken when a change is written, not when it commits.
 * An apply that inserts change 100 and commits after a reader saw change 105 would be skipped for good by a reader
 * keeping "after 105"; and job_changes misses changes made without a run (a revert, a deploy compensation, a staging
 * teardown update jobs directly). So every job row carries the transaction that last changed it (`jobs.change_xid`,
 * set by a trigger on any change of status, data or closing, migration 0018), and a read records the snapshot it was
 * made with (`pg_current_snapshot()`: which transactions had committed). The next read returns the jobs whose
 * change was NOT visible in that snapshot — committed since, in whatever order — and jobs visible in it but past the
 * position where a page was cut. Nothing committed is missed; a job changed again is returned again, in its current
 * state (a consumer upserts by `id`).
 *
 * A page: results are ordered by (change_xid, id); a cut page's cursor keeps the page's snapshot and the last
 * (change_xid, id) returned. Every job visible in that snapshot up to that position has been returned (by this page
 * or an earlier one, by induction on the cursors), the rest has not.
 */
export type { ChangesCursor };

const SNAPSHOT = /^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?$/;

export function encodeCursor(cursor: ChangesCursor): string {
  const parts = cursor.after ? [cursor.snapshot, cursor.after.xid, String(cursor.after.id), cursor.after.base] : [cursor.snapshot];
  return Buffer.from(`v1|${parts.join('|')}`).toString('base64url');
}

/** A cursor this API wrote, or a 400 saying where to get one. */
export function decodeCursor(text: string): ChangesCursor {
  const invalid = new ApiError(400, 'invalid_cursor', 'since: not a cursor of this feed; take `changesCursor` from jobs.json, then each answer’s `nextCursor`');
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(text)) throw invalid;
  const [version, snapshot, xid, id, base, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (version !== 'v1' || snapshot === undefined || !SNAPSHOT.test(snapshot) || rest.length > 0) throw invalid;
  if (xid === undefined) return { snapshot, after: null };
  if (id === undefined || base === undefined || !/^\d{1,20}$/.test(xid) || !/^\d{1,18}$/.test(id) || !SNAPSHOT.test(base)) throw invalid;
  return { snapshot, after: { xid, id: Number(id), base } };
}
