import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { INCIDENT_EVENTS, INCIDENT_KINDS, INCIDENT_STATUSES } from '../../contracts/incidents';
import { ENVIRONMENTS } from './import-configs';
import { imports } from './imports';

/**
 * An incident: one per import, environment and kind at a time (the partial unique index), opened by the import's
 * health workflow once a run's retries are exhausted. Later failures add to it (count, last seen, latest context).
 * `context` holds what a developer needs to start fixing it: failing checks with figures, URLs with statuses,
 * error type/message/stack, broken selectors, a sample record, an HTML excerpt and links.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull(),
    kind: text('kind', { enum: INCIDENT_KINDS }).notNull(),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull().default('open'),
    summary: text('summary').notNull(),
    context: jsonb('context').$type<Record<string, unknown>>().notNull(),
    /** Failures reported into this incident (the first included). */
    count: integer('count').notNull().default(1),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastRunId: uuid('last_run_id'),
    /** The health workflow that owns it: acknowledgements and resolutions go through it. */
    workflowId: text('workflow_id').notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incidents_one_open_per_kind').on(t.importId, t.environment, t.kind).where(sql`${t.status} <> 'resolved'`),
    index('incidents_status_last_seen_idx').on(t.status, t.lastSeenAt),
  ],
);

/** What happened to an incident, in order: opened, repeated, escalated, acknowledged, resolved (with who and why). */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id),
    event: text('event').notNull(),
    /** The report that caused it (`run:<id>:<outcome>`, `deploy:<id>`…): a retried activity records it once. */
    key: text('key').unique(),
    by: text('by'),
    detail: text('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at)],
);

/**
 * Every notification attempt that reached a decision: sent on a channel, or skipped because the import was muted.
 * `key` (`<incident>/<event>/<channel>`) makes a retried activity send once it has been recorded.
 */
export const incidentNotifications = pgTable(
  'incident_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull().unique(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id),
    event: text('event', { enum: INCIDENT_EVENTS }).notNull(),
    channel: text('channel').notNull(),
    status: text('status', { enum: ['sent', 'muted'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incident_notifications_incident_idx').on(t.incidentId)],
);

/** An import's notifications silenced until a time (incidents are still opened and counted). */
export const importMutes = pgTable('import_mutes', {
  importId: uuid('import_id')
    .primaryKey()
    .references(() => imports.id),
  until: timestamp('until', { withTimezone: true }).notNull(),
  by: text('by').notNull(),
  reason: text('reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
