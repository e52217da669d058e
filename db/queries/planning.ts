import type { clients, importBlockers, importPlans, imports, members } from '../schema';
import type { Queryable } from './sql';

/** The lead's planning reads: each one aggregate over imports, plans, members, decisions and blocks. */
type Import = typeof imports.$inferSelect;
type Member = typeof members.$inferSelect;
type Blocker = typeof importBlockers.$inferSelect;

/** Stages whose estimated days no longer weigh on the assignee. */
const CLOSED_STAGES: Import['stage'][] = ['live', 'handed_off', 'cancelled'];

export type DeveloperLoadRow = Pick<Member, 'handle' | 'name' | 'skills' | 'weeklyCapacityDays'> & {
  /** Estimated days of their assigned imports not yet live (nor cancelled). */
  openDays: number;
  openImports: number;
};

/** Every active developer with the open estimated days of their assigned imports not yet live. */
export async function developerLoads(sql: Queryable): Promise<DeveloperLoadRow[]> {
  // sum() of a numeric and count() come back as text: converted below.
  const rows = await sql<(Omit<DeveloperLoadRow, 'openDays' | 'openImports'> & { openDays: string; openImports: string })[]>`
    select m.handle, m.name, m.skills, m.weekly_capacity_days as "weeklyCapacityDays",
           coalesce(sum(i.estimate_days), 0) as "openDays", count(i.id) as "openImports"
    from members m
    left join import_plans p on p.assignee = m.handle
    left join imports i on i.id = p.import_id and i.stage <> all(${CLOSED_STAGES})
    where m.role = 'developer' and m.deactivated_at is null
    group by m.handle
    order by m.handle`;
  return rows.map((r) => ({ ...r, openDays: Number(r.openDays), openImports: Number(r.openImports) }));
}

/** What an import needs: its kind and the importer keys of its configurations (e.g. an ATS); null: no such import. */
export async function neededSkills(sql: Queryable, importId: string): Promise<string[] | null> {
  const [row] = await sql<(Pick<Import, 'kind'> & { importerKeys: string[] | null })[]>`
    select i.kind, array_remove(array_agg(distinct c.importer_key), null) as "importerKeys"
    from imports i left join import_configs c on c.import_id = i.id
    where i.id = ${importId}
    group by i.id`;
  return row ? [row.kind, ...(row.importerKeys ?? [])] : null;
}

export type BoardRow = Pick<Import, 'id' | 'name' | 'kind' | 'stage' | 'priority' | 'estimateDays'> & {
  clientName: (typeof clients.$inferSelect)['name'];
  wantedDate: (typeof importPlans.$inferSelect)['wantedDate'] | null;
  assignee: (typeof importPlans.$inferSelect)['assignee'];
  stageSince: Date;
  daysInStage: number;
  /** The open block: kind, reason, who is waited on, since when and for how many whole days. */
  blocked: { kind: Blocker['kind']; reason: string; waitingOn: string; by: string; since: string; days: number } | null;
};

/**
 * Imports with their plan and the time they entered their stage (the latest decision that moved them to
 * it), by priority then wanted date. `stages` limits the board.
 */
export async function board(sql: Queryable, stages: readonly string[], limit: number): Promise<BoardRow[]> {
  type Raw = Omit<BoardRow, 'estimateDays' | 'daysInStage' | 'blocked'> & {
    estimateDays: string | null;
    daysInStage: string;
    blocked: (Omit<NonNullable<BoardRow['blocked']>, 'days'> & { days: string | number }) | null;
  };
  const rows = await sql<Raw[]>`
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
