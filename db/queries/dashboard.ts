import type { clients, incidentEvents, imports, incidents, runs } from '../schema';
import type { Queryable, RawRow } from './sql';

/**
 * The operations dashboard's reads: every import with its last run, trend and open incidents; the incidents not
 * resolved; one incident with its events. Aggregates built in SQL (json_build_object, json_agg) may arrive as text
 * through db/client.ts's drizzle driver: parsed once here.
 */
type Import = typeof imports.$inferSelect;
type Run = typeof runs.$inferSelect;
type Incident = typeof incidents.$inferSelect;

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

export type ImportOverview = Pick<Import, 'id' | 'name' | 'stage'> & {
  client: (typeof clients.$inferSelect)['name'];
  lastRun: RawRow<Pick<Run, 'id' | 'status' | 'environment' | 'startedAt' | 'workflowId'>> | null;
  /** Valid records of the last 20 applied runs, oldest first. */
  trend: number[];
  openIncidents: number;
};

/** Every import (latest changed first, at most 200) with its last run, the job count of its last 20 applied runs, its open incidents. */
export async function importOverviews(sql: Queryable): Promise<ImportOverview[]> {
  const rows = await sql<(Omit<ImportOverview, 'lastRun' | 'trend'> & { lastRun: unknown; trend: unknown })[]>`
    select i.id, i.name, i.stage, c.name as client,
      (select json_build_object('id', r.id, 'status', r.status, 'environment', r.environment, 'startedAt', r.started_at, 'workflowId', r.workflow_id)
        from runs r where r.import_id = i.id order by r.started_at desc limit 1) as "lastRun",
      (select coalesce(json_agg(x.n order by x.started_at), '[]'::json)
        from (select coalesce((r.counts->>'valid')::int, 0) as n, r.started_at from runs r
              where r.import_id = i.id and r.status = 'applied' order by r.started_at desc limit 20) x) as trend,
      (select count(*)::int from incidents n where n.import_id = i.id and n.status <> 'resolved') as "openIncidents"
    from imports i join clients c on c.id = i.client_id
    order by i.updated_at desc limit 200`;
  return rows.map((r) => ({ ...r, lastRun: json<ImportOverview['lastRun']>(r.lastRun), trend: json<number[]>(r.trend) }));
}

export type IncidentOverview = RawRow<
  Pick<Incident, 'id' | 'importId' | 'environment' | 'kind' | 'status' | 'summary' | 'count' | 'firstSeenAt' | 'lastSeenAt'> & {
    importName: Import['name'];
    client: (typeof clients.$inferSelect)['name'];
  }
>;

export function openIncidentOverviews(sql: Queryable): Promise<IncidentOverview[]> {
  return sql<IncidentOverview[]>`
    select n.id::int as id, n.import_id as "importId", i.name as "importName", c.name as client, n.environment, n.kind, n.status, n.summary, n.count,
      n.first_seen_at as "firstSeenAt", n.last_seen_at as "lastSeenAt"
    from incidents n join imports i on i.id = n.import_id join clients c on c.id = i.client_id
    where n.status <> 'resolved' order by n.last_seen_at desc limit 200`;
}

export type IncidentRow = IncidentOverview &
  RawRow<Pick<Incident, 'workflowId' | 'acknowledgedBy' | 'acknowledgedAt' | 'escalatedAt' | 'resolvedBy' | 'resolvedAt'>> & { context: unknown };

export async function incidentRow(sql: Queryable, id: number): Promise<IncidentRow | undefined> {
  const [row] = await sql<IncidentRow[]>`
    select n.id::int as id, n.import_id as "importId", i.name as "importName", c.name as client, n.environment, n.kind, n.status, n.summary, n.count,
      n.first_seen_at as "firstSeenAt", n.last_seen_at as "lastSeenAt", n.context, n.workflow_id as "workflowId",
      n.acknowledged_by as "acknowledgedBy", n.acknowledged_at as "acknowledgedAt", n.escalated_at as "escalatedAt", n.resolved_by as "resolvedBy", n.resolved_at as "resolvedAt"
    from incidents n join imports i on i.id = n.import_id join clients c on c.id = i.client_id
    where n.id = ${id}`;
  return row;
}

export type IncidentEvent = RawRow<Pick<typeof incidentEvents.$inferSelect, 'event' | 'by' | 'detail' | 'at'>>;

/** The incident's events, in order. */
export function incidentEventsOf(sql: Queryable, incidentId: number): Promise<IncidentEvent[]> {
  return sql<IncidentEvent[]>`select event, by, detail, at from incident_events where incident_id = ${incidentId} order by id`;
}

/** jsonb read through the raw driver, as an object. */
export const parseJson = json;
