import { dossierBrief, failedChecksOf, type DossierBrief } from '../../../db/dossier-brief';
import { Inject, Injectable } from '@nestjs/common';
import type postgres from 'postgres';
import type { IncidentContextView } from '../../../contracts';
import { SQL } from '../common/tokens';

/** jsonb and json aggregates may arrive as text through db/client.ts's drizzle driver: parsed once here. */
const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

export interface ImportOverview {
  id: string;
  name: string;
  stage: string;
  client: string;
  lastRun: { id: string; status: string; environment: string; startedAt: string; workflowId: string } | null;
  trend: number[];
  openIncidents: number;
}

export interface IncidentOverview {
  id: number;
  importId: string;
  importName: string;
  client: string;
  environment: string;
  kind: string;
  status: string;
  summary: string;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface IncidentDetail extends IncidentOverview {
  context: IncidentContextView;
  workflowId: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  escalatedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  events: { event: string; by: string | null; detail: string | null; at: string }[];
  dossier: DossierBrief;
}

@Injectable()
export class DashboardRepository {
  constructor(@Inject(SQL) private readonly sql: postgres.Sql) {}

  /** Every import (latest changed first, at most 200) with its last run, the job count of its last 20 applied runs, its open incidents. */
  async imports(): Promise<ImportOverview[]> {
    const rows = await this.sql<{ id: string; name: string; stage: string; client: string; last_run: unknown; trend: unknown; open_incidents: number }[]>`
      select i.id, i.name, i.stage, c.name as client,
        (select json_build_object('id', r.id, 'status', r.status, 'environment', r.environment, 'startedAt', r.started_at, 'workflowId', r.workflow_id)
          from runs r where r.import_id = i.id order by r.started_at desc limit 1) as last_run,
        (select coalesce(json_agg(x.n order by x.started_at), '[]'::json)
          from (select coalesce((r.counts->>'valid')::int, 0) as n, r.started_at from runs r
                where r.import_id = i.id and r.status = 'applied' order by r.started_at desc limit 20) x) as trend,
        (select count(*)::int from incidents n where n.import_id = i.id and n.status <> 'resolved') as open_incidents
      from imports i join clients c on c.id = i.client_id
      order by i.updated_at desc limit 200`;
    return rows.map((r) => ({ id: r.id, name: r.name, stage: r.stage, client: r.client, lastRun: json(r.last_run), trend: json<number[]>(r.trend), openIncidents: r.open_incidents }));
  }

  async openIncidents(): Promise<IncidentOverview[]> {
    return this.sql<IncidentOverview[]>`
      select n.id::int as id, n.import_id as "importId", i.name as "importName", c.name as client, n.environment, n.kind, n.status, n.summary, n.count,
        n.first_seen_at as "firstSeenAt", n.last_seen_at as "lastSeenAt"
      from incidents n join imports i on i.id = n.import_id join clients c on c.id = i.client_id
      where n.status <> 'resolved' order by n.last_seen_at desc limit 200`;
  }

  async incident(id: number): Promise<IncidentDetail | null> {
    const [row] = await this.sql<(IncidentOverview & { context: unknown; workflowId: string; acknowledgedBy: string | null; acknowledgedAt: string | null; escalatedAt: string | null; resolvedBy: string | null; resolvedAt: string | null })[]>`
      select n.id::int as id, n.import_id as "importId", i.name as "importName", c.name as client, n.environment, n.kind, n.status, n.summary, n.count,
        n.first_seen_at as "firstSeenAt", n.last_seen_at as "lastSeenAt", n.context, n.workflow_id as "workflowId",
        n.acknowledged_by as "acknowledgedBy", n.acknowledged_at as "acknowledgedAt", n.escalated_at as "escalatedAt", n.resolved_by as "resolvedBy", n.resolved_at as "resolvedAt"
      from incidents n join imports i on i.id = n.import_id join clients c on c.id = i.client_id
      where n.id = ${id}`;
    if (!row) return null;
    const events = await this.sql<{ event: string; by: string | null; detail: string | null; at: string }[]>`
      select event, by, detail, at from incident_events where incident_id = ${id} order by id`;
    const context = json<IncidentContextView>(row.context);
    // Read now, as the incident API does: the dossier may have been completed since the incident opened.
    const dossier = await dossierBrief(this.sql, { importId: row.importId, kind: row.kind, failedChecks: failedChecksOf(context), excludeIncidentId: id });
    return { ...row, context, events, dossier };
  }
}
