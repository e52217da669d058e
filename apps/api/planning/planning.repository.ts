import { Inject, Injectable } from '@nestjs/common';
import type postgres from 'postgres';
import { SQL } from '../common/tokens';
import type { DeveloperLoad } from './ranking';

/** Stages whose estimated days no longer weigh on the assignee. */
const CLOSED_STAGES = ['live', 'handed_off', 'cancelled'];

export interface BoardRow {
  id: string;
  name: string;
  clientName: string;
  kind: string;
  stage: string;
  priority: number;
  wantedDate: string | null;
  assignee: string | null;
  estimateDays: number | null;
  stageSince: Date;
  daysInStage: number;
  /** The open block: kind, reason, who is waited on, since when and for how many whole days. */
  blocked: { kind: string; reason: string; waitingOn: string; by: string; since: string; days: number } | null;
}

/** Reads for the lead's planning: raw SQL, since each is one aggregate over imports, plans and members. */
@Injectable()
export class PlanningRepository {
  constructor(@Inject(SQL) private readonly sql: postgres.Sql) {}

  /** Every active developer with the open estimated days of their assigned imports not yet live. */
  async developerLoads(): Promise<DeveloperLoad[]> {
    const rows = await this.sql<{ handle: string; name: string; skills: string[]; weekly_capacity_days: number; open_days: string; open_imports: string }[]>`
      select m.handle, m.name, m.skills, m.weekly_capacity_days,
             coalesce(sum(i.estimate_days), 0) as open_days, count(i.id) as open_imports
      from members m
      left join import_plans p on p.assignee = m.handle
      left join imports i on i.id = p.import_id and i.stage <> all(${CLOSED_STAGES})
      where m.role = 'developer' and m.deactivated_at is null
      group by m.handle
      order by m.handle`;
    return rows.map((r) => ({ handle: r.handle, name: r.name, skills: r.skills, weeklyCapacityDays: r.weekly_capacity_days, openDays: Number(r.open_days), openImports: Number(r.open_imports) }));
  }

  /** What an import needs: its kind and the importer keys of its configurations (e.g. an ATS). */
  async neededSkills(importId: string): Promise<string[] | null> {
    const rows = await this.sql<{ kind: string; importer_keys: string[] | null }[]>`
      select i.kind, array_remove(array_agg(distinct c.importer_key), null) as importer_keys
      from imports i left join import_configs c on c.import_id = i.id
      where i.id = ${importId}
      group by i.id`;
    const row = rows[0];
    return row ? [row.kind, ...(row.importer_keys ?? [])] : null;
  }

  /**
   * Imports with their plan and the time they entered their stage (the latest decision that moved them to
   * it), by priority then wanted date. `stages` limits the board.
   */
  async board(stages: readonly string[], limit: number): Promise<BoardRow[]> {
    const rows = await this.sql<(Omit<BoardRow, 'estimateDays' | 'daysInStage' | 'blocked'> & { estimateDays: string | null; daysInStage: string; blocked: (Omit<NonNullable<BoardRow['blocked']>, 'days'> & { days: string | number }) | null })[]>`
      select i.id, i.name, c.name as "clientName", i.kind, i.stage, i.priority, p.wanted_date as "wantedDate", p.assignee,
             i.estimate_days as "estimateDays", s.since as "stageSince",
             floor(extract(epoch from (now() - s.since)) / 86400) as "daysInStage",
             case when b.id is null then null else jsonb_build_object('kind', b.kind, 'reason', b.reason, 'waitingOn', b.waiting_on, 'by', b.blocked_by,
               'since', to_char(b.blocked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'days', floor(extract(epoch from (now() - b.blocked_at)) / 86400)) end as blocked
      from imports i
      join clients c on c.id = i.client_id
      left join import_plans p on p.import_id = i.id
      left join import_blockers b on b.import_id = i.id and b.resolved_at is null
      cross join lateral (
        select coalesce(max(d.decided_at), i.created_at) as since from import_decisions d
        where d.import_id = i.id and d.to_stage = i.stage and d.from_stage is distinct from d.to_stage
      ) s
      where i.stage = any(${stages as string[]})
      order by i.priority, p.wanted_date nulls last, i.created_at
      limit ${limit}`;
    return rows.map((r) => ({
      ...r,
      estimateDays: r.estimateDays === null ? null : Number(r.estimateDays),
      daysInStage: Number(r.daysInStage),
      blocked: r.blocked ? { ...r.blocked, days: Number(r.blocked.days) } : null,
    }));
  }
}
