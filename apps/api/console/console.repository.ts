import { Inject, Injectable } from '@nestjs/common';
import type postgres from 'postgres';
import type { IncidentKind } from '../../../contracts';
import { jobView } from '../../../db/job-view';
import { SQL } from '../common/tokens';

/** An import as a "My work" line shows it. */
export interface WorkItem {
  id: string;
  name: string;
  client: string;
  stage: string;
  priority: number;
  assignee: string | null;
  wantedDate: string | null;
  updatedAt: string;
}

export interface QuestionItem {
  id: number;
  importId: string;
  importName: string;
  askedBy: string;
  text: string;
  createdAt: string;
}

export interface RunItem {
  id: string;
  importId: string;
  importName: string;
  environment: string;
  status: string;
  startedAt: string;
}

export interface IncidentItem {
  id: number;
  importId: string;
  importName: string;
  environment: string;
  kind: string;
  status: string;
  summary: string;
  lastSeenAt: string;
}

/**
 * The reads behind the console's "My work" lists: what waits on one member. Each is one small query over imports,
 * plans, questions, runs and incidents (the pages' other figures come from the API's own services).
 */
@Injectable()
export class ConsoleRepository {
  constructor(@Inject(SQL) private readonly sql: postgres.Sql) {}

  private imports(where: postgres.PendingQuery<postgres.Row[]>): Promise<WorkItem[]> {
    return this.sql<WorkItem[]>`
      select i.id, i.name, c.name as client, i.stage, i.priority, p.assignee, p.wanted_date::text as "wantedDate", i.updated_at as "updatedAt"
      from imports i join clients c on c.id = i.client_id left join import_plans p on p.import_id = i.id
      where ${where}
      order by i.priority, i.updated_at limit 100`;
  }

  /** Imports an account manager filed that are in `stage` (client validation to send, hand-off to record). */
  requestedIn = (handle: string, stage: string) => this.imports(this.sql`i.requested_by = ${handle} and i.stage = ${stage}`);
  /** A developer's imports still on the way (not live, not cancelled). */
  assignedTo = (handle: string) => this.imports(this.sql`p.assignee = ${handle} and i.stage not in ('live', 'cancelled')`);
  /** Reviews a developer may take: in review, by someone else. */
  reviewsFor = (handle: string) => this.imports(this.sql`i.stage = 'in_review' and p.assignee is distinct from ${handle}`);
  /** The lead's intake: requests waiting for an estimate or a plan. */
  intake = () => this.imports(this.sql`i.stage in ('requested', 'estimated')`);
  unassigned = () => this.imports(this.sql`i.stage = 'planned' and p.assignee is null`);
  overdue = () => this.imports(this.sql`p.wanted_date < current_date and i.stage not in ('handed_off', 'live', 'cancelled')`);
  myRequests = (handle: string) => this.imports(this.sql`i.requested_by = ${handle} and i.stage not in ('live', 'cancelled')`);

  questionsFor(handle: string): Promise<QuestionItem[]> {
    return this.sql<QuestionItem[]>`
      select q.id::int as id, q.import_id as "importId", i.name as "importName", q.asked_by as "askedBy", q.text, q.created_at as "createdAt"
      from import_questions q join imports i on i.id = q.import_id
      where q.addressed_to = ${handle} and q.answered_at is null order by q.id limit 100`;
  }

  quarantinedRunsOf(handle: string): Promise<RunItem[]> {
    return this.sql<RunItem[]>`
      select r.id, r.import_id as "importId", i.name as "importName", r.environment, r.status, r.started_at as "startedAt"
      from runs r join imports i on i.id = r.import_id join import_plans p on p.import_id = i.id
      where p.assignee = ${handle} and r.status = 'quarantined' order by r.started_at desc limit 100`;
  }

  /** Open or acknowledged incidents, of some kinds only when given; of one import when given. */
  activeIncidents(filter: { kinds?: readonly IncidentKind[]; importId?: string } = {}): Promise<IncidentItem[]> {
    const kinds = filter.kinds ? this.sql`and n.kind in ${this.sql(filter.kinds as string[])}` : this.sql``;
    const one = filter.importId ? this.sql`and n.import_id = ${filter.importId}` : this.sql``;
    return this.sql<IncidentItem[]>`
      select n.id::int as id, n.import_id as "importId", i.name as "importName", n.environment, n.kind, n.status, n.summary, n.last_seen_at as "lastSeenAt"
      from incidents n join imports i on i.id = n.import_id
      where n.status <> 'resolved' ${kinds} ${one} order by n.last_seen_at desc limit 100`;
  }

  /**
   * What a run made (its change log) or, staged and not applied yet, would make: its valid records against the
   * environment's jobs by external id (a run complete also closes the open jobs it no longer lists). Paged.
   */
  async runDiff(run: { id: string; importId: string; environment: string; status: string; complete: boolean }, offset: number, limit: number): Promise<RunDiff> {
    const made = run.status !== 'quarantined';
    type Row = { op: string; external_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; total: number };
    const rows = made
      ? await this.sql<Row[]>`
          select c.op, j.external_id, c.before->'data' as before, c.after->'data' as after, count(*) over ()::int as total
          from job_changes c join jobs j on j.id = c.job_id where c.run_id = ${run.id}
          order by c.id offset ${offset} limit ${limit}`
      : await this.sql<Row[]>`
          with staged as (select distinct on (r.external_id) r.external_id, r.job, r.content_hash from run_records r where r.run_id = ${run.id} and r.valid order by r.external_id, r.seq),
          lines as (
            select case when j.id is null then 'create' when j.status = 'closed' then 'reopen' else 'update' end as op, s.external_id, j.data as before, s.job as after
            from staged s left join jobs j on j.import_id = ${run.importId} and j.environment = ${run.environment} and j.external_id = s.external_id
            where j.id is null or j.status = 'closed' or j.content_hash is distinct from s.content_hash
            union all
            select 'close', j.external_id, j.data, null from jobs j
            where ${run.complete} and j.import_id = ${run.importId} and j.environment = ${run.environment} and j.status = 'open'
              and not exists (select 1 from staged s where s.external_id = j.external_id))
          select op, external_id, before, after, count(*) over ()::int as total from lines order by op, external_id offset ${offset} limit ${limit}`;
    const counts = made
      ? await this.sql<{ op: string; n: number }[]>`select op, count(*)::int as n from job_changes where run_id = ${run.id} group by op`
      : [];
    const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown> | null));
    const lines = rows.map((r) => {
      const before = json(r.before);
      const after = json(r.after);
      const a = before ? (jobView(before) as unknown as Record<string, unknown>) : null;
      const b = after ? (jobView(after) as unknown as Record<string, unknown>) : null;
      const fields = r.op === 'update' && a && b ? Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((field) => ({ field, before: a[field], after: b[field] })) : [];
      return { op: r.op, externalId: r.external_id, title: ((b ?? a)?.title as string | undefined) ?? null, fields };
    });
    const total = rows[0]?.total ?? 0;
    return { kind: made ? 'made' : 'would make', counts: Object.fromEntries(counts.map((c) => [c.op, c.n])), lines, offset, limit, total };
  }

  /** The latest applied run of an import in one environment: the only one a revert may undo. */
  async latestAppliedRun(importId: string, environment: string): Promise<string | null> {
    const [row] = await this.sql<{ id: string }[]>`
      select id from runs where import_id = ${importId} and environment = ${environment} and status = 'applied' order by started_at desc limit 1`;
    return row?.id ?? null;
  }

  /** The latest run an incident saw (the one whose diff caused it, for a run's incident). */
  async incidentRunId(id: number): Promise<string | null> {
    const [row] = await this.sql<{ runId: string | null }[]>`select last_run_id as "runId" from incidents where id = ${id}`;
    return row?.runId ?? null;
  }
}

/** One line of a run's diff (`create`, `update` with the fields that changed before → after, `close`, `reopen`). */
export interface DiffLine {
  op: string;
  externalId: string;
  title: string | null;
  fields: { field: string; before: unknown; after: unknown }[];
}

export interface RunDiff {
  /** `made`: from the change log of an applied run; `would make`: staged records against the jobs (quarantined). */
  kind: 'made' | 'would make';
  counts: Record<string, number>;
  lines: DiffLine[];
  offset: number;
  limit: number;
  total: number;
}
