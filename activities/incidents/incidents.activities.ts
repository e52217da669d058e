import type postgres from 'postgres';
import type { EnvironmentName, HealthReport, IncidentDecision, IncidentKind } from '../../contracts';
import { redact } from '../../platform/redact';
import { jsonb } from '../../db/queries/sql';
import { incidentContext, type IncidentLinks } from './context';
import { createReportActivities, type ReportDeps } from './report';
import { createWatchdogActivities } from './watchdog';
import { Failure, failure } from '../../contracts/failures';

export interface IncidentActivityDeps extends ReportDeps {
  sql: postgres.Sql;
  links: IncidentLinks;
}

/** Timestamps from raw `sql` arrive as text (db/client.ts's drizzle driver replaces postgres.js's date parsers). */
const iso = (value: Date | string): string => new Date(value).toISOString();

/** The report's identity: a retried activity records the same report once. */
export function reportKey(report: HealthReport): string {
  if (report.source === 'run') return `run:${report.runId}:${report.outcome}`;
  if (report.source === 'deploy') return `deploy:${report.deployId}`;
  return `watchdog:${report.at}`;
}

/**
 * The `incidents` table as the health workflow (workflows/import-health.ts) drives it. The workflow decides;
 * these write. Every write is idempotent, so a retry after a lost acknowledgement changes nothing more.
 */
export function createIncidentActivities(deps: IncidentActivityDeps) {
  const { sql } = deps;
  return {
    ...createReportActivities(deps),
    ...createWatchdogActivities(deps),

    /**
     * Opens the incident of this kind, or adds the report to the open one (count, last seen, latest context).
     * `opened` is true only for the call that created it.
     */
    async recordIncident(input: {
      importId: string;
      environment: EnvironmentName;
      workflowId: string;
      kind: IncidentKind;
      incidentId: number | null;
      report: HealthReport;
    }): Promise<{ incidentId: number; count: number; firstSeenAt: string; opened: boolean }> {
      const context = await incidentContext(sql, deps.links, input, input.report);
      const key = reportKey(input.report);
      const runId = input.report.source === 'run' ? input.report.runId : null;
      // A report's summary may quote a run's error: masked like its context (jsonb) before it is stored.
      const summary = redact(input.report.summary);
      return sql.begin(async (tx) => {
        // bigserial ids come back from postgres.js as strings.
        const [open] = await tx<{ id: string; count: number; first_seen_at: Date | string }[]>`
          select id, count, first_seen_at from incidents
          where import_id = ${input.importId} and environment = ${input.environment} and kind = ${input.kind} and status <> 'resolved'
          for update`;
        if (open) {
          const [seen] = await tx`select 1 from incident_events where key = ${key}`;
          if (seen) return { incidentId: Number(open.id), count: open.count, firstSeenAt: iso(open.first_seen_at), opened: false };
          const [row] = await tx<{ count: number }[]>`
            update incidents set count = count + 1, last_seen_at = now(), summary = ${summary}, context = ${jsonb(context)}::jsonb,
              last_run_id = coalesce(${runId}::uuid, last_run_id)
            where id = ${open.id} returning count`;
          await tx`insert into incident_events (incident_id, event, key, detail) values (${open.id}, 'repeated', ${key}, ${summary})`;
          return { incidentId: Number(open.id), count: row!.count, firstSeenAt: iso(open.first_seen_at), opened: false };
        }
        const [row] = await tx<{ id: string; first_seen_at: Date | string }[]>`
          insert into incidents (import_id, environment, kind, summary, context, last_run_id, workflow_id)
          values (${input.importId}, ${input.environment}, ${input.kind}, ${summary}, ${jsonb(context)}::jsonb, ${runId}, ${input.workflowId})
          returning id, first_seen_at`;
        await tx`insert into incident_events (incident_id, event, key, detail) values (${row!.id}, 'opened', ${key}, ${summary})`;
        return { incidentId: Number(row!.id), count: 1, firstSeenAt: iso(row!.first_seen_at), opened: true };
      });
    },

    async acknowledgeIncident(input: IncidentDecision): Promise<void> {
      await sql.begin(async (tx) => {
        const rows = await tx`
          update incidents set status = 'acknowledged', acknowledged_by = ${input.by}, acknowledged_at = now()
          where id = ${input.incidentId} and status = 'open' returning id`;
        if (rows.length > 0) await tx`insert into incident_events (incident_id, event, by, detail) values (${input.incidentId}, 'acknowledged', ${input.by}, ${input.comment ?? null})`;
      });
    },

    async escalateIncident(input: { incidentId: number; after: string }): Promise<void> {
      await sql.begin(async (tx) => {
        const rows = await tx`update incidents set escalated_at = now() where id = ${input.incidentId} and escalated_at is null and status = 'open' returning id`;
        if (rows.length > 0) await tx`insert into incident_events (incident_id, event, detail) values (${input.incidentId}, 'escalated', ${`Not acknowledged after ${input.after}`})`;
      });
    },

    /** `by` is a person, or `recovery` when a good run ended it. */
    async resolveIncident(input: { incidentId: number; by: string; detail: string }): Promise<void> {
      await sql.begin(async (tx) => {
        const rows = await tx`
          update incidents set status = 'resolved', resolved_by = ${input.by}, resolved_at = now()
          where id = ${input.incidentId} and status <> 'resolved' returning id`;
        if (rows.length > 0) await tx`insert into incident_events (incident_id, event, by, detail) values (${input.incidentId}, 'resolved', ${input.by}, ${input.detail})`;
      });
      const [row] = await sql`select 1 from incidents where id = ${input.incidentId}`;
      if (!row) throw failure(Failure.IncidentNotFound, `Incident ${input.incidentId} does not exist`);
    },
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;
