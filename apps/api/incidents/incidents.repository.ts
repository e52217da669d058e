import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { clients, importMutes, imports, incidentEvents, incidentNotifications, incidents } from '../../../db/schema';
import { DATABASE } from '../common/tokens';
import type { ListIncidents, MuteBody } from './incidents.dto';

export type IncidentRow = typeof incidents.$inferSelect;

@Injectable()
export class IncidentsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(query: ListIncidents) {
    const conditions: SQL[] = [];
    if (query.importId) conditions.push(eq(incidents.importId, query.importId));
    if (query.environment) conditions.push(eq(incidents.environment, query.environment));
    if (query.kind) conditions.push(eq(incidents.kind, query.kind));
    if (query.status === 'active') conditions.push(ne(incidents.status, 'resolved'));
    else if (query.status) conditions.push(eq(incidents.status, query.status));
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const [total] = await this.db.select({ n: count() }).from(incidents).where(where);
    const items = await this.db
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

  async get(id: number) {
    const [row] = await this.db
      .select({ incident: incidents, importName: imports.name, client: clients.name })
      .from(incidents)
      .innerJoin(imports, eq(imports.id, incidents.importId))
      .innerJoin(clients, eq(clients.id, imports.clientId))
      .where(eq(incidents.id, id));
    return row ?? null;
  }

  events(id: number) {
    return this.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, id)).orderBy(asc(incidentEvents.id));
  }

  notifications(id: number) {
    return this.db
      .select({ event: incidentNotifications.event, channel: incidentNotifications.channel, status: incidentNotifications.status, at: incidentNotifications.at })
      .from(incidentNotifications)
      .where(eq(incidentNotifications.incidentId, id))
      .orderBy(asc(incidentNotifications.id));
  }

  async mute(importId: string, body: MuteBody) {
    const values = { until: new Date(body.until), by: body.by, reason: body.reason ?? null, createdAt: new Date() };
    const [row] = await this.db.insert(importMutes).values({ importId, ...values }).onConflictDoUpdate({ target: importMutes.importId, set: values }).returning();
    return row!;
  }
}
