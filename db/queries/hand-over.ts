import type { clients, importBlockers, importPlans, imports, reviewSheetRows } from '../schema';
import type { Queryable } from './sql';

/** What an away member leaves open: each one query over imports, plans, decisions, dossiers and review sheets. */
type Import = typeof imports.$inferSelect;
type Blocker = typeof importBlockers.$inferSelect;

export type HandOverImport = Pick<Import, 'id' | 'name' | 'stage' | 'priority'> & {
  clientName: (typeof clients.$inferSelect)['name'];
  wantedDate: (typeof importPlans.$inferSelect)['wantedDate'] | null;
  /** A maintenance fix of a live import (its production keeps running). */
  maintenance: boolean;
  blocked: { kind: Blocker['kind']; reason: string; waitingOn: string; since: string } | null;
  /** 0: no dossier yet. */
  dossierVersion: number;
};

/** Imports assigned to the member with work left (not live at rest, not handed off to account management, not cancelled). */
export function openImportsOf(sql: Queryable, member: string): Promise<HandOverImport[]> {
  return sql<HandOverImport[]>`
    select i.id, i.name, c.name as "clientName", i.stage, i.priority, p.wanted_date as "wantedDate",
      exists (select 1 from import_decisions d where d.import_id = i.id and d.kind = 'start_maintenance') as maintenance,
      coalesce((select max(v.version) from dossier_versions v where v.import_id = i.id), 0) as "dossierVersion",
      case when b.id is null then null else jsonb_build_object('kind', b.kind, 'reason', b.reason, 'waitingOn', b.waiting_on,
        'since', to_char(b.blocked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) end as blocked
    from import_plans p
    join imports i on i.id = p.import_id
    join clients c on c.id = i.client_id
    left join import_blockers b on b.import_id = i.id and b.resolved_at is null
    where p.assignee = ${member} and i.stage not in ('live', 'handed_off', 'cancelled')
    order by i.priority, p.wanted_date nulls last, i.created_at`;
}

export type HandOverReview = Pick<typeof reviewSheetRows.$inferSelect, 'importId' | 'revision'> &
  Pick<Import, 'name'> & {
    clientName: (typeof clients.$inferSelect)['name'];
    /** Who submitted the revision for review. */
    author: string | null;
    answered: number;
    practices: number;
  };

/**
 * Reviews the member started and nobody finished: they answered practices on the revision under review of an
 * import still in review, and that revision is not approved.
 */
export async function pendingReviewsOf(sql: Queryable, member: string): Promise<HandOverReview[]> {
  // count() comes back as text: converted below.
  const rows = await sql<(Omit<HandOverReview, 'answered' | 'practices'> & { answered: string; practices: string })[]>`
    select s.import_id as "importId", i.name, c.name as "clientName", s.revision,
      (select d.actor from import_decisions d where d.import_id = s.import_id and d.kind = 'submit_review' and (d.data->>'revision')::int = s.revision order by d.seq desc limit 1) as author,
      count(*) filter (where s.answered_by = ${member}) as answered, count(*) as practices
    from review_sheet_rows s
    join imports i on i.id = s.import_id
    join clients c on c.id = i.client_id
    where i.stage = 'in_review'
      and s.revision = (select max(r.revision) from review_sheet_rows r where r.import_id = s.import_id)
      and not exists (select 1 from import_decisions d where d.import_id = s.import_id and d.kind = 'review' and (d.data->>'revision')::int = s.revision and d.data->>'decision' = 'approve')
    group by s.import_id, i.name, c.name, s.revision
    having count(*) filter (where s.answered_by = ${member}) > 0
    order by s.import_id`;
  return rows.map((r) => ({ ...r, answered: Number(r.answered), practices: Number(r.practices) }));
}
