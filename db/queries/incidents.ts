import { and, asc, count, desc, eq, ne, type SQL } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Database } from '../client';
import { type alerts, clients, importMutes, imports, incidentEvents, incidentNotifications, incidents, type runs } from '../schema';
import { jsonb, type Queryable, type RawRow } from './sql';

/**
 * The incident tables (incidents, incident_events, incident_notifications, import_mutes), one module for both
 * processes:
 * - the health workflow's activities (activities/incidents, activities/notify) write incidents and their events and
 *   read what an incident's context and notification show. Every write is idempotent: a retry after a lost
 *   acknowledgement changes nothing more. Raw SQL on the worker's pool or transaction; bigserial ids come back
 *   from postgres.js as text.
 * - the API (apps/api/incidents) lists and shows them and mutes an import (the one write it makes: acknowledging
 *   and resolving are updates of the health workflow, which writes through the functions above). drizzle on its
 *   `Database`.
 * The operations dashboard's own incident reads are in ./dashboard.ts.
 */
export type Incident = typeof incidents.$inferSelect;
type Run = typeof runs.$inferSelect;

export interface IncidentReport {
  importId: Incident['importId'];
  environment: Incident['environment'];
  kind: Incident['kind'];
  workflowId: Incident['workflowId'];
  /** The report's identity (one event per key). */
  key: string;
  runId: string | null;
  summary: string;
  context: Record<string, unknown>;
}

export interface RecordedIncident {
  incidentId: number;
  count: number;
  firstSeenAt: Date | string;
  opened: boolean;
}

/** Opens the incident of the report's kind, or adds the report to the open one (count, last seen, latest context). */
export function recordIncidentReport(sql: postgres.Sql, r: IncidentReport): Promise<RecordedIncident> {
  return sql.begin(async (tx) => {
    const [open] = await tx<(RawRow<Pick<Incident, 'count' | 'firstSeenAt'>> & { id: string })[]>`
      select id, count, first_seen_at as "firstSeenAt" from incidents
      where import_id = ${r.importId} and environment = ${r.environment} and kind = ${r.kind} and status <> 'resolved'
      for update`;
    if (open) {
      const [seen] = await tx`select 1 from incident_events where key = ${r.key}`;
      if (seen) return { incidentId: Number(open.id), count: open.count, firstSeenAt: open.firstSeenAt, opened: false };
      const [row] = await tx<Pick<Incident, 'count'>[]>`
        update incidents set count = count + 1, last_seen_at = now(), summary = ${r.summary}, context = ${jsonb(r.context)}::jsonb,
          last_run_id = coalesce(${r.runId}::uuid, last_run_id)
        where id = ${open.id} returning count`;
      await tx`insert into incident_events (incident_id, event, key, detail) values (${open.id}, 'repeated', ${r.key}, ${r.summary})`;
      return { incidentId: Number(open.id), count: row!.count, firstSeenAt: open.firstSeenAt, opened: false };
    }
    const [row] = await tx<(RawRow<Pick<Incident, 'firstSeenAt'>> & { id: string })[]>`
      insert into incidents (import_id, environment, kind, summary, context, last_run_id, workflow_id)
      values (${r.importId}, ${r.environment}, ${r.kind}, ${r.summary}, ${jsonb(r.context)}::jsonb, ${r.runId}, ${r.workflowId})
      returning id, first_seen_at as "firstSeenAt"`;
    await tx`insert into incident_events (incident_id, event, key, detail) values (${row!.id}, 'opened', ${r.key}, ${r.summary})`;
    return { incidentId: Number(row!.id), count: 1, firstSeenAt: row!.firstSeenAt, opened: true };
  });
}

export async function acknowledgeIncident(sql: postgres.Sql, incidentId: number, by: string, comment: string | null): Promise<void> {
  await sql.begin(async (tx) => {
    const rows = await tx`
      update incidents set status = 'acknowledged', acknowledged_by = ${by}, acknowledged_at = now()
      where id = ${incidentId} and status = 'open' returning id`;
    if (rows.length > 0) await tx`insert into incident_events (incident_id, event, by, detail) values (${incidentId}, 'acknowledged', ${by}, ${comment})`;
  });
}

export async function escalateIncident(sql: postgres.Sql, incidentId: number, detail: string): Promise<void> {
  await sql.begin(async (tx) => {
    const rows = await tx`update incidents set escalated_at = now() where id = ${incidentId} and escalated_at is null and status = 'open' returning id`;
    if (rows.length > 0) await tx`insert into incident_events (incident_id, event, detail) values (${incidentId}, 'escalated', ${detail})`;
  });
}

export async function resolveIncident(sql: postgres.Sql, incidentId: number, by: string, detail: string): Promise<void> {
  await sql.begin(async (tx) => {
    const rows = await tx`
      update incidents set status = 'resolved', resolved_by = ${by}, resolved_at = now()
      where id = ${incidentId} and status <> 'resolved' returning id`;
    if (rows.length > 0) await tx`insert into incident_events (incident_id, event, by, detail) values (${incidentId}, 'resolved', ${by}, ${detail})`;
  });
}

export async function incidentExists(sql: Queryable, incidentId: number): Promise<boolean> {
  const [row] = await sql`select 1 from incidents where id = ${incidentId}`;
  return row !== undefined;
}

export type ImportWithClient = Pick<typeof imports.$inferSelect, 'name' | 'stage'> & { client: (typeof clients.$inferSelect)['name']; clientId: string };

export async function importWithClient(sql: Queryable, importId: string): Promise<ImportWithClient | undefined> {
  const [imp] = await sql<ImportWithClient[]>`
    select i.name, i.stage, c.name as client, c.id as "clientId" from imports i join clients c on c.id = i.client_id where i.id = ${importId}`;
  return imp;
}

export type RunOfIncident = RawRow<Pick<Run, 'workflowId' | 'startedAt' | 'error' | 'counts'>>;

export async function runOfIncident(sql: Queryable, runId: string): Promise<RunOfIncident | undefined> {
  const [run] = await sql<RunOfIncident[]>`select workflow_id as "workflowId", started_at as "startedAt", error, counts from runs where id = ${runId}`;
  return run;
}

export type RunOutcomeRow = Pick<Run, 'importId' | 'environment' | 'error' | 'checks'> & {
  /**
   * The import (in this environment) has no incident open and its previous finished run applied (or it has none):
   * a report that this run applied would change nothing in its health workflow.
   */
  healthy: boolean;
};

/** What a health report says of an ended run: its error, its check results, and whether the import was healthy. */
export async function runOutcome(sql: Queryable, runId: string): Promise<RunOutcomeRow | undefined> {
  const [run] = await sql<RunOutcomeRow[]>`
    select r.import_id as "importId", r.environment, r.error, r.checks,
      not exists (select 1 from incidents i where i.import_id = r.import_id and i.environment = r.environment and i.status <> 'resolved')
      and coalesce((
        select p.status = 'applied' from runs p
        where p.import_id = r.import_id and p.environment = r.environment and p.id <> r.id
          and p.status not in ('running', 'extracted') and p.started_at <= r.started_at
        order by p.started_at desc limit 1
      ), true) as healthy
    from runs r where r.id = ${runId}`;
  return run;
}

type AlertContext = (typeof alerts.$inferSelect)['context'];

/** The context of the run's latest failure or quarantine alert. */
export async function runAlertContext(sql: Queryable, runId: string): Promise<AlertContext | undefined> {
  const [alert] = await sql<{ context: AlertContext }[]>`
    select context from alerts where run_id = ${runId} and kind in ('run_failed', 'run_quarantined') order by id desc limit 1`;
  return alert?.context;
}

/** The context of the alert a failed production deploy wrote. */
export async function deployAlertContext(sql: Queryable, importId: string, deployId: string): Promise<AlertContext | undefined> {
  const [alert] = await sql<{ context: AlertContext }[]>`
    select context from alerts where import_id = ${importId} and kind = 'deploy_failed' and context->>'deployId' = ${deployId} order by id desc limit 1`;
  return alert?.context;
}

export type IncidentToNotify = RawRow<
  Pick<Incident, 'kind' | 'status' | 'environment' | 'summary' | 'count' | 'firstSeenAt' | 'lastSeenAt' | 'acknowledgedBy' | 'resolvedBy' | 'context' | 'importId'>
> & { id: string; mutedUntil: string | null };

/** The incident as a notification shows it, and until when its import is muted (null: not muted). */
export async function incidentToNotify(sql: Queryable, incidentId: number): Promise<IncidentToNotify | undefined> {
  const [row] = await sql<IncidentToNotify[]>`
    select i.id, i.kind, i.status, i.environment, i.summary, i.count, i.first_seen_at as "firstSeenAt", i.last_seen_at as "lastSeenAt",
      i.acknowledged_by as "acknowledgedBy", i.resolved_by as "resolvedBy", i.context, i.import_id as "importId",
      (select m.until from import_mutes m where m.import_id = i.import_id and m.until > now()) as "mutedUntil"
    from incidents i where i.id = ${incidentId}`;
  return row;
}

export async function notificationRecorded(sql: Queryable, key: string): Promise<boolean> {
  const [done] = await sql`select 1 from incident_notifications where key = ${key}`;
  return done !== undefined;
}

/** One row per incident, event and channel (`key`): the first recorded wins. */
export async function recordNotification(
  sql: Queryable,
  n: { key: string; incidentId: number; event: string; channel: string; status: 'sent' | 'muted' },
): Promise<void> {
  await sql`insert into incident_notifications (key, incident_id, event, channel, status) values (${n.key}, ${n.incidentId}, ${n.event}, ${n.channel}, ${n.status}) on conflict (key) do nothing`;
}

// The API's side: lists and shows incidents, mutes an import (drizzle, on the API's Database).

/** A page of incidents, filtered; `active`: open or acknowledged. */
export interface IncidentFilter {
  importId?: string | undefined;
  environment?: Incident['environment'] | undefined;
  kind?: Incident['kind'] | undefined;
  status?: Incident['status'] | 'active' | undefined;
  limit: number;
  offset: number;
}

export async function listIncidents(db: Database, query: IncidentFilter) {
  const conditions: SQL[] = [];
  if (query.importId) conditions.push(eq(incidents.importId, query.importId));
  if (query.environment) conditions.push(eq(incidents.environment, query.environment));
  if (query.kind) conditions.push(eq(incidents.kind, query.kind));
  if (query.status === 'active') conditions.push(ne(incidents.status, 'resolved'));
  else if (query.status) conditions.push(eq(incidents.status, query.status));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [total] = await db.select({ n: count() }).from(incidents).where(where);
  const items = await selectWithImport(db).where(where).orderBy(desc(incidents.lastSeenAt), desc(incidents.id)).limit(query.limit).offset(query.offset);
  return { items, total: total?.n ?? 0 };
}

export async function incidentWithImport(db: Database, id: number) {
  const [row] = await selectWithImport(db).where(eq(incidents.id, id));
  return row ?? null;
}

function selectWithImport(db: Database) {
  return db
    .select({ incident: incidents, importName: imports.name, client: clients.name })
    .from(incidents)
    .innerJoin(imports, eq(imports.id, incidents.importId))
    .innerJoin(clients, eq(clients.id, imports.clientId));
}

export function eventsOfIncident(db: Database, id: number) {
  return db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, id)).orderBy(asc(incidentEvents.id));
}

export function notificationsOfIncident(db: Database, id: number) {
  return db
    .select({ event: incidentNotifications.event, channel: incidentNotifications.channel, status: incidentNotifications.status, at: incidentNotifications.at })
    .from(incidentNotifications)
    .where(eq(incidentNotifications.incidentId, id))
    .orderBy(asc(incidentNotifications.id));
}

/** `until`: ISO 8601. */
export type MuteValues = { until: string; by: string; reason?: string | undefined };

/** Mutes the import's notifications until a date (created or replaced). */
export async function muteImport(db: Database, importId: string, body: MuteValues) {
  const values = { until: new Date(body.until), by: body.by, reason: body.reason ?? null, createdAt: new Date() };
  const [row] = await db.insert(importMutes).values({ importId, ...values }).onConflictDoUpdate({ target: importMutes.importId, set: values }).returning();
  return row!;
}
