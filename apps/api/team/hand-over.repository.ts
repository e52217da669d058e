import { Inject, Injectable } from '@nestjs/common';
import type postgres from 'postgres';
import { SQL } from '../common/tokens';

export interface HandOverImport {
  id: string;
  name: string;
  clientName: string;
  stage: string;
  priority: number;
  wantedDate: string | null;
  /** A maintenance fix of a live import (its production keeps running). */
  maintenance: boolean;
  blocked: { kind: string; reason: string; waitingOn: string; since: string } | null;
  /** 0: no dossier yet. */
  dossierVersion: number;
}

export interface HandOverReview {
  importId: string;
  name: string;
  clientName: string;
  revision: number;
  author: string | null;
  answered: number;
  practices: number;
}

/** What an away member leaves open: raw SQL, each one query over imports, plans, decisions and review sheets. */
@Injectable()
export class HandOverRepository {
  constructor(@Inject(SQL) private readonly sql: postgres.Sql) {}

  /** Imports assigned to the member with work left (not live at rest, not handed off to account management, not cancelled). */
  openImports(member: string): Promise<HandOverImport[]> {
    return this.sql<HandOverImport[]>`
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

  /**
   * Reviews the member started and nobody finished: they answered practices on the revision under review of an
   * import still in review, and that revision is not approved.
   */
  async pendingReviews(member: string): Promise<HandOverReview[]> {
    const rows = await this.sql<(Omit<HandOverReview, 'answered' | 'practices'> & { answered: string; practices: string })[]>`
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
}
