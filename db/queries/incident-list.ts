import { and, asc, count, desc, eq, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { clients, importMutes, imports, incidentEvents, incidentNotifications, incidents } from '../schema';

/** Incidents as the API lists and shows them, with their events and notifications; an import's mute. */
export type IncidentRow = typeof incidents.$inferSelect;

/** A page of incidents, filtered; `active`: open or acknowledged. */
export interface IncidentFilter {
  importId?: string | undefined;
  environment?: IncidentRow['environment'] | undefined;
  kind?: IncidentRow['kind'] | undefined;
  status?: IncidentRow['status'] | 'active' | undefined;
  limit: number;
  offset: number;
}

/** `until`: ISO 8601. */
export type MuteValues = { until: string; by: string; reason?: string | undefined };

export async function listIncidents(db: Database, query: IncidentFilter) {
  const conditions: SQL[] = [];
  if (query.importId) conditions.push(eq(incidents.importId, query.importId));
  if (query.environment) conditions.push(eq(incidents.environment, query.environment));
  if (query.kind) conditions.push(eq(incidents.kind, query.kind));
  if (query.status === 'active') conditions.push(ne(incidents.status, 'resolved'));
  else if (query.status) conditions.push(eq(incidents.status, query.status));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [total] = await db.select({ n: count() }).from(incidents).where(where);
  const items = await db
    .select({ incident: incidents, importName: imports.name, client: clients.name })
    .from(incidents)
    .innerJoin(imports, eq(imports.id, incidents.importId))
    .innerJoin(clients, eq(clients.id, imports.clientId))
    .where(where)
    .orderBy(desc(incidents.lastSeenAt), desc(incidents.id))
    .limit(query.limit)
    .offset(query.offset);
  return { items, total: total?.n ?? 0 };
}

export async function incidentWithImport(db: Database, id: number) {
  const [row] = await db
    .select({ incident: incidents, importName: imports.name, client: clients.name })
    .from(incidents)
    .innerJoin(imports, eq(imports.id, incidents.importId))
    .innerJoin(clients, eq(clients.id, imports.clientId))
    .where(eq(incidents.id, id));
  return row ?? null;
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

export async function muteImport(db: Database, importId: string, body: MuteValues) {
  const values = { until: new Date(body.until), by: body.by, reason: body.reason ?? null, createdAt: new Date() };
  const [row] = await db.insert(importMutes).values({ importId, ...values }).onConflictDoUpdate({ target: importMutes.importId, set: values }).returning();
  return row!;
}

