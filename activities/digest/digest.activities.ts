import type postgres from 'postgres';
import { dossierPath, type DigestBlocked, type DigestContent, type DigestImport } from '../../contracts';
import { dossierBrief } from '../../db/dossier-brief';

/** Stages where the import waits on account management: the client's answer, the final-install checklist. */
const WAITING_ON_ACCOUNT_MANAGEMENT = ['client_validation', 'handed_off'];
const DONE = ['live', 'cancelled'];
/** Blocks that wait on account management or on the client, whom the account manager relays. */
const ACCOUNT_MANAGER_BLOCKS = ['client_information', 'account_management'];

/**
 * The daily digest's I/O: who gets one, and each account manager's digest computed and stored in one
 * statement per part. Idempotent: the row of a member and day is replaced, never doubled.
 */
export function createDigestActivities(deps: { sql: postgres.Sql }) {
  const { sql } = deps;
  return {
    /** Handles of the active account managers (a short list: the workflow fans out over it). */
    async digestRecipients(): Promise<string[]> {
      const rows = await sql<{ handle: string }[]>`select handle from members where role = 'account_manager' and deactivated_at is null order by handle`;
      return rows.map((r) => r.handle);
    },

    /** Computes and stores `member`'s digest for `day`; returns its counts (not the content: it stays in Postgres). */
    async writeDigest(input: { member: string; day: string }): Promise<{ key: string; imports: number; overdue: number; waiting: number; blocked: number; incidents: number }> {
      const { member, day } = input;
      const imports = await sql<(DigestImport & { priority: number })[]>`
        select i.id, i.name, c.name as "clientName", i.stage, p.wanted_date as "wantedDate", p.assignee, i.priority
        from imports i join clients c on c.id = i.client_id left join import_plans p on p.import_id = i.id
        where i.requested_by = ${member} and i.stage <> 'cancelled'
        order by i.priority, p.wanted_date nulls last, i.created_at`;
      const strip = ({ priority: _p, ...rest }: DigestImport & { priority: number }): DigestImport => ({ ...rest, dossier: dossierPath(rest.id) });
      const byStage: Record<string, number> = {};
      for (const i of imports) byStage[i.stage] = (byStage[i.stage] ?? 0) + 1;
      const overdue = imports.filter((i) => i.wantedDate !== null && i.wantedDate < day && !DONE.includes(i.stage)).map(strip);
      const waitingImports = imports.filter((i) => WAITING_ON_ACCOUNT_MANAGEMENT.includes(i.stage)).map(strip);
      const questions = await sql<{ importId: string; id: string; askedBy: string; text: string }[]>`
        select import_id as "importId", id, asked_by as "askedBy", text from import_questions
        where addressed_to = ${member} and answered_at is null order by id`;
      // Calendar days from the block's day to the digest's day (UTC): a digest rewritten later that day says the same.
      const blockedRows = await sql<(Omit<DigestBlocked, 'days' | 'unusualPoints' | 'dossier'> & { days: string })[]>`
        select i.id as "importId", i.name, c.name as "clientName", i.stage, b.kind, b.reason, b.waiting_on as "waitingOn", b.blocked_by as "blockedBy",
          to_char(b.blocked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as since,
          greatest(0, ${day}::date - (b.blocked_at at time zone 'UTC')::date) as days
        from import_blockers b join imports i on i.id = b.import_id join clients c on c.id = i.client_id
        where b.resolved_at is null and i.stage <> 'cancelled'
          and (b.waiting_on = ${member} or (i.requested_by = ${member} and b.kind = any(${ACCOUNT_MANAGER_BLOCKS})))
        order by b.blocked_at, i.id`;
      const blocked: DigestBlocked[] = await Promise.all(
        blockedRows.map(async (b) => {
          const brief = await dossierBrief(sql, { importId: b.importId, kind: b.kind });
          return { ...b, days: Number(b.days), unusualPoints: brief.unusualPoints, dossier: brief.link };
        }),
      );
      const ids = imports.map((i) => i.id);
      const incidents =
        ids.length === 0
          ? []
          : await sql<{ id: string; importId: string; kind: string; status: string; environment: string; failedChecks: string[] | null }[]>`
              select id, import_id as "importId", kind, status, environment,
                (select jsonb_agg(c->>'check') from jsonb_array_elements(case when jsonb_typeof(context->'failingChecks') = 'array' then context->'failingChecks' else '[]'::jsonb end) c) as "failedChecks"
              from incidents
              where import_id = any(${ids}) and status <> 'resolved' order by id`;
      // An account manager forwarding an incident to the client needs what is known about it: from the dossier.
      const openIncidents = await Promise.all(
        incidents.map(async ({ failedChecks, ...i }) => {
          const brief = await dossierBrief(sql, { importId: i.importId, kind: i.kind, failedChecks: failedChecks ?? [], excludeIncidentId: Number(i.id) });
          return { ...i, id: Number(i.id), unusualPoints: brief.unusualPoints, runBook: brief.runBook, lastTime: brief.lastTime?.line ?? null, dossier: brief.link };
        }),
      );
      const content: DigestContent = {
        day,
        byStage,
        overdue,
        waitingOnYou: { imports: waitingImports, questions: questions.map((q) => ({ ...q, id: Number(q.id) })), blocked },
        openIncidents,
      };
      const key = `${member}/${day}`;
      await sql`
        insert into digests (key, member, day, content) values (${key}, ${member}, ${day}, ${JSON.stringify(content)}::jsonb)
        on conflict (key) do update set content = excluded.content, created_at = now()`;
      return { key, imports: imports.length, overdue: overdue.length, waiting: waitingImports.length + questions.length, blocked: blocked.length, incidents: incidents.length };
    },
  };
}

export type DigestActivities = ReturnType<typeof createDigestActivities>;
