import { ApplicationFailure } from '@temporalio/activity';
import type postgres from 'postgres';
import type { EnvironmentName, HealthReport, IncidentDecision, IncidentKind } from '../../contracts';
import { redact } from '../../platform/redact';
import * as db from '../../db/queries/incidents';
import { incidentContext, type IncidentLinks } from './context';
import { createReportActivities, type ReportDeps } from './report';
import { createWatchdogActivities } from './watchdog';

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
 * these write, through db/queries/incidents.ts (every write idempotent).
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
      const recorded = await db.recordIncidentReport(sql, { ...input, key, runId, summary, context });
      return { ...recorded, firstSeenAt: iso(recorded.firstSeenAt) };
    },

    async acknowledgeIncident(input: IncidentDecision): Promise<void> {
      await db.acknowledgeIncident(sql, input.incidentId, input.by, input.comment ?? null);
    },

    async escalateIncident(input: { incidentId: number; after: string }): Promise<void> {
      await db.escalateIncident(sql, input.incidentId, `Not acknowledged after ${input.after}`);
    },

    /** `by` is a person, or `recovery` when a good run ended it. */
    async resolveIncident(input: { incidentId: number; by: string; detail: string }): Promise<void> {
      await db.resolveIncident(sql, input.incidentId, input.by, input.detail);
      if (!(await db.incidentExists(sql, input.incidentId))) {
        throw ApplicationFailure.create({ type: 'IncidentNotFound', message: `Incident ${input.incidentId} does not exist`, nonRetryable: true });
      }
    },
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;
