import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { DigestBlocked, DigestContent, DigestImport } from '../../contracts';
import type { Database } from '../client';
import { digests, type importBlockers, type imports, type incidents, type members } from '../schema';
import type { Queryable } from './sql';

/**
 * The daily digest's reads, one statement per part of an account manager's digest, and its idempotent write (the
 * row of a member and day is replaced, never doubled). Shapes are the digest's contract (contracts/access.ts).
 */
type Member = typeof members.$inferSelect;
type Import = typeof imports.$inferSelect;
type Incident = typeof incidents.$inferSelect;
type Blocker = typeof importBlockers.$inferSelect;
type Digest = typeof digests.$inferSelect;

/** Handles of the active account managers. */
export async function accountManagers(sql: Queryable): Promise<Member['handle'][]> {
  const rows = await sql<Pick<Member, 'handle'>[]>`select handle from members where role = 'account_manager' and deactivated_at is null order by handle`;
  return rows.map((r) => r.handle);
}

export type RequestedImport = Omit<DigestImport, 'dossier'> & Pick<Import, 'priority'>;

/** The imports `member` requested, not cancelled, by priority then wanted date. */
export async function importsRequestedBy(sql: Queryable, member: string): Promise<RequestedImport[]> {
  return sql<RequestedImport[]>`
    select i.id, i.name, c.name as "clientName", i.stage, p.wanted_date as "wantedDate", p.assignee, i.priority
    from imports i join clients c on c.id = i.client_id left join import_plans p on p.import_id = i.id
    where i.requested_by = ${member} and i.stage <> 'cancelled'
    order by i.priority, p.wanted_date nulls last, i.created_at`;
}

/** Questions addressed to `member` and not answered (bigserial ids as text). */
export async function openQuestionsFor(sql: Queryable, member: string): Promise<{ importId: string; id: string; askedBy: string; text: string }[]> {
  return sql<{ importId: string; id: string; askedBy: string; text: string }[]>`
    select import_id as "importId", id, asked_by as "askedBy", text from import_questions
    where addressed_to = ${member} and answered_at is null order by id`;
}

export type BlockedImport = Omit<DigestBlocked, 'days' | 'unusualPoints' | 'dossier'> & Pick<Blocker, 'kind'> & { days: string };

/**
 * Open blocks waiting on `member`, or on the clients of imports they requested (`relayedKinds`). `days`: calendar
 * days from the block's day to `day` (UTC), so a digest rewritten later that day says the same.
 */
export async function blocksWaitingOn(sql: Queryable, member: string, day: string, relayedKinds: string[]): Promise<BlockedImport[]> {
  return sql<BlockedImport[]>`
    select i.id as "importId", i.name, c.name as "clientName", i.stage, b.kind, b.reason, b.waiting_on as "waitingOn", b.blocked_by as "blockedBy",
      to_char(b.blocked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as since,
      greatest(0, ${day}::date - (b.blocked_at at time zone 'UTC')::date) as days
    from import_blockers b join imports i on i.id = b.import_id join clients c on c.id = i.client_id
    where b.resolved_at is null and i.stage <> 'cancelled'
      and (b.waiting_on = ${member} or (i.requested_by = ${member} and b.kind = any(${relayedKinds})))
    order by b.blocked_at, i.id`;
}

export type OpenIncident = Pick<Incident, 'importId' | 'kind' | 'status' | 'environment'> & { id: string; failedChecks: string[] | null };

/** Incidents not resolved of these imports, with the checks their context names as failing. */
export async function openIncidentsOf(sql: Queryable, importIds: string[]): Promise<OpenIncident[]> {
  if (importIds.length === 0) return [];
  return sql<OpenIncident[]>`
    select id, import_id as "importId", kind, status, environment,
      (select jsonb_agg(c->>'check') from jsonb_array_elements(case when jsonb_typeof(context->'failingChecks') = 'array' then context->'failingChecks' else '[]'::jsonb end) c) as "failedChecks"
    from incidents
    where import_id = any(${importIds}) and status <> 'resolved' order by id`;
}

export async function saveDigest(sql: Queryable, digest: Pick<Digest, 'key' | 'member' | 'day'> & { content: DigestContent }): Promise<void> {
  await sql`
    insert into digests (key, member, day, content) values (${digest.key}, ${digest.member}, ${digest.day}, ${JSON.stringify(digest.content)}::jsonb)
    on conflict (key) do update set content = excluded.content, created_at = now()`;
}

/** Digests, newest first (by id), filtered; `before`: ids below it (the cursor of the page before). */
export function listDigests(db: Database, filter: { member?: string; day?: string; before?: number; limit: number }): Promise<Digest[]> {
  const where: SQL[] = [];
  if (filter.member) where.push(eq(digests.member, filter.member));
  if (filter.day) where.push(eq(digests.day, filter.day));
  if (filter.before) where.push(lt(digests.id, filter.before));
  return db.select().from(digests).where(where.length > 0 ? and(...where) : undefined).orderBy(desc(digests.id)).limit(filter.limit);
}

export async function latestDigestOf(db: Database, member: string): Promise<Digest | undefined> {
  const [row] = await db.select().from(digests).where(eq(digests.member, member)).orderBy(desc(digests.day)).limit(1);
  return row;
}
