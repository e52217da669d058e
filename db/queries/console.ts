import type postgres from 'postgres';
import type { IncidentKind } from '../../contracts';
import type { clients, importPlans, importQuestions, imports, incidents, jobChanges, jobs, runs } from '../schema';
import { changesWith, firstRecordOfEachId, listedByRun, newToScope } from './apply';
import type { Queryable, RawRow } from './sql';

/**
 * The reads behind the team console: the "My work" lists (what waits on one member, each one small query over
 * imports, plans, questions, runs and incidents) and a run's diff. bigserial ids are cast to int in the statements.
 */
type Import = typeof imports.$inferSelect;
type Run = typeof runs.$inferSelect;
type Incident = typeof incidents.$inferSelect;
type Question = typeof importQuestions.$inferSelect;

/** An import as a "My work" line shows it. */
export type WorkItem = RawRow<
  Pick<Import, 'id' | 'name' | 'stage' | 'priority' | 'updatedAt'> & {
    client: (typeof clients.$inferSelect)['name'];
    assignee: (typeof importPlans.$inferSelect)['assignee'];
    wantedDate: (typeof importPlans.$inferSelect)['wantedDate'] | null;
  }
>;

export type QuestionItem = RawRow<Pick<Question, 'id' | 'importId' | 'askedBy' | 'text' | 'createdAt'> & { importName: Import['name'] }>;

export type RunItem = RawRow<Pick<Run, 'id' | 'importId' | 'environment' | 'status' | 'startedAt'> & { importName: Import['name'] }>;

export type IncidentItem = RawRow<Pick<Incident, 'id' | 'importId' | 'environment' | 'kind' | 'status' | 'summary' | 'lastSeenAt'> & { importName: Import['name'] }>;

/** Which imports a "My work" list holds. */
export type WorkFilter =
  /** Imports an account manager filed that are in `stage` (client validation to send, hand-off to record). */
  | { requestedBy: string; stage: Import['stage'] }
  /** A developer's imports still on the way (not live, not cancelled). */
  | { assignedTo: string }
  /** Reviews a developer may take: in review, by someone else. */
  | { reviewableBy: string }
  /** The lead's intake: requests waiting for an estimate or a plan. */
  | { intake: true }
  | { unassigned: true }
  | { overdue: true }
  /** An account manager's requests still on the way. */
  | { myRequests: string };

function workWhere(sql: Queryable, f: WorkFilter): postgres.PendingQuery<postgres.Row[]> {
  if ('requestedBy' in f) return sql`i.requested_by = ${f.requestedBy} and i.stage = ${f.stage}`;
  if ('assignedTo' in f) return sql`p.assignee = ${f.assignedTo} and i.stage not in ('live', 'cancelled')`;
  if ('reviewableBy' in f) return sql`i.stage = 'in_review' and p.assignee is distinct from ${f.reviewableBy}`;
  if ('intake' in f) return sql`i.stage in ('requested', 'estimated')`;
  if ('unassigned' in f) return sql`i.stage = 'planned' and p.assignee is null`;
  if ('overdue' in f) return sql`p.wanted_date < current_date and i.stage not in ('handed_off', 'live', 'cancelled')`;
  return sql`i.requested_by = ${f.myRequests} and i.stage not in ('live', 'cancelled')`;
}

/** At most 100, by priority then least recently changed. */
export function workItems(sql: Queryable, filter: WorkFilter): Promise<WorkItem[]> {
  return sql<WorkItem[]>`
    select i.id, i.name, c.name as client, i.stage, i.priority, p.assignee, p.wanted_date::text as "wantedDate", i.updated_at as "updatedAt"
    from imports i join clients c on c.id = i.client_id left join import_plans p on p.import_id = i.id
    where ${workWhere(sql, filter)}
    order by i.priority, i.updated_at limit 100`;
}

/** Questions addressed to the member and not answered yet. */
export function openQuestionsFor(sql: Queryable, handle: string): Promise<QuestionItem[]> {
  return sql<QuestionItem[]>`
    select q.id::int as id, q.import_id as "importId", i.name as "importName", q.asked_by as "askedBy", q.text, q.created_at as "createdAt"
    from import_questions q join imports i on i.id = q.import_id
    where q.addressed_to = ${handle} and q.answered_at is null order by q.id limit 100`;
}

/** Quarantined runs of the imports assigned to the member, latest first. */
export function quarantinedRunsOf(sql: Queryable, handle: string): Promise<RunItem[]> {
  return sql<RunItem[]>`
    select r.id, r.import_id as "importId", i.name as "importName", r.environment, r.status, r.started_at as "startedAt"
    from runs r join imports i on i.id = r.import_id join import_plans p on p.import_id = i.id
    where p.assignee = ${handle} and r.status = 'quarantined' order by r.started_at desc limit 100`;
}

/** Open or acknowledged incidents, of some kinds only when given; of one import when given. */
export function activeIncidents(sql: Queryable, filter: { kinds?: readonly IncidentKind[]; importId?: string } = {}): Promise<IncidentItem[]> {
  const kinds = filter.kinds ? sql`and n.kind in ${sql(filter.kinds as string[])}` : sql``;
  const one = filter.importId ? sql`and n.import_id = ${filter.importId}` : sql``;
  return sql<IncidentItem[]>`
    select n.id::int as id, n.import_id as "importId", i.name as "importName", n.environment, n.kind, n.status, n.summary, n.last_seen_at as "lastSeenAt"
    from incidents n join imports i on i.id = n.import_id
    where n.status <> 'resolved' ${kinds} ${one} order by n.last_seen_at desc limit 100`;
}

/** The latest applied run of an import in one environment: the only one a revert may undo. */
export async function latestAppliedRun(sql: Queryable, importId: string, environment: string): Promise<Run['id'] | null> {
  const [row] = await sql<Pick<Run, 'id'>[]>`
    select id from runs where import_id = ${importId} and environment = ${environment} and status = 'applied' order by started_at desc limit 1`;
  return row?.id ?? null;
}

/** The latest run an incident saw (the one whose diff caused it, for a run's incident). */
export async function incidentRunId(sql: Queryable, incidentId: number): Promise<Incident['lastRunId']> {
  const [row] = await sql<Pick<Incident, 'lastRunId'>[]>`select last_run_id as "lastRunId" from incidents where id = ${incidentId}`;
  return row?.lastRunId ?? null;
}

type JobData = (typeof jobs.$inferSelect)['data'];

/** One line of a run's diff as stored: jobs' data as the driver returns jsonb (an object, or its text). */
export interface DiffRow {
  op: (typeof jobChanges.$inferSelect)['op'];
  externalId: (typeof jobs.$inferSelect)['externalId'];
  before: JobData | string | null;
  after: JobData | string | null;
  /** Lines of the whole diff (every page). */
  total: number;
}

export type DiffRun = Pick<Run, 'id' | 'importId' | 'environment' | 'complete'>;

/**
 * What an applied (or reverted) run made, from its change log, a page in log order. The change log keeps the
 * content before a change, not after it: "after" is the job as it is now.
 */
export function madeChanges(sql: Queryable, runId: string, page: { offset: number; limit: number }): Promise<DiffRow[]> {
  return sql<DiffRow[]>`
    select c.op, j.external_id as "externalId", c.before->'data' as before, coalesce(c.after->'data', j.data) as after, count(*) over ()::int as total
    from job_changes c join jobs j on j.id = c.job_id where c.run_id = ${runId}
    order by c.id offset ${page.offset} limit ${page.limit}`;
}

/** Lines of the run's change log by op. */
export async function madeChangeCounts(sql: Queryable, runId: string): Promise<Record<string, number>> {
  const rows = await sql<{ op: string; n: number }[]>`select op, count(*)::int as n from job_changes where run_id = ${runId} group by op`;
  return Object.fromEntries(rows.map((c) => [c.op, c.n]));
}

/**
 * What applying a staged run would change, by the apply's own matching rules (db/queries/apply.ts): its valid
 * records (the first of each external id) against the environment's jobs, and, the run complete, the open jobs it
 * does not list. A page, by op then external id.
 */
export function wouldChange(sql: Queryable, run: DiffRun, page: { offset: number; limit: number }): Promise<DiffRow[]> {
  const closes = run.complete
    ? sql`union all
      select 'close', j.external_id, j.data, null from jobs j
      where j.import_id = ${run.importId} and j.environment = ${run.environment} and j.status = 'open' and not ${listedByRun(sql, run.id)}`
    : sql``;
  return sql<DiffRow[]>`
    with s as (${firstRecordOfEachId(sql, run.id)}),
    lines as (
      select case when j.status = 'closed' then 'reopen' else 'update' end as op, s.external_id, j.data as before, s.job as after
      from s join jobs j on j.import_id = ${run.importId} and j.environment = ${run.environment} and j.external_id = s.external_id
      where ${changesWith(sql)}
      union all
      select 'create', s.external_id, null, s.job from s where ${newToScope(sql, run)}
      ${closes})
    select op, external_id as "externalId", before, after, count(*) over ()::int as total from lines
    order by op, external_id offset ${page.offset} limit ${page.limit}`;
}
