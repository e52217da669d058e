import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import {
  healthReportSignal,
  healthWorkflowId,
  SEARCH_ATTRIBUTES,
  type DeployStep,
  type EnvironmentName,
  type HealthReport,
  type ImportHealthInput,
  type RunOutcome,
  WORKFLOW_TYPES,
} from '../../contracts';
import { runOutcome } from '../../db/queries/incidents';
import { kindOfChecks, kindOfFailure } from '../../contracts/incident-kinds';
import { Failure, failure } from '../../contracts/failures';

export interface ReportDeps {
  sql: postgres.Sql;
  temporal?: Client | undefined;
  incidents?: { escalateAfterMs: number } | undefined;
}

export const DEFAULT_ESCALATE_AFTER_MS = 60 * 60_000;

/**
 * Reports to the import's health workflow, starting it if needed (signal-with-start: one workflow per import and
 * environment, whoever reports first). Called once per run outcome — after the extraction's retries — and once
 * per failed deploy, never per retry: the health workflow counts what it is told.
 */
export function createReportActivities(deps: ReportDeps) {
  const { sql } = deps;
  const send = async (importId: string, environment: EnvironmentName, report: HealthReport) => {
    if (!deps.temporal) {
      throw failure(Failure.TemporalClientMissing, 'The worker was started without a Temporal client: health reports cannot be sent');
    }
    const input: ImportHealthInput = { importId, environment, escalateAfterMs: deps.incidents?.escalateAfterMs ?? DEFAULT_ESCALATE_AFTER_MS };
    await deps.temporal.workflow.signalWithStart(WORKFLOW_TYPES.importHealth, {
      workflowId: healthWorkflowId(importId, environment),
      taskQueue: Context.current().info.taskQueue,
      args: [input],
      signal: healthReportSignal,
      signalArgs: [report],
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.ImportId, value: importId },
        { key: SEARCH_ATTRIBUTES.Environment, value: environment },
      ],
      staticSummary: `Health of import ${importId} (${environment})`,
    });
    return report;
  };

  return {
    /** A run ended (or was quarantined): its outcome, and the incident kind its failure or failing checks mean. */
    async reportRunHealth(input: { runId: string; outcome: RunOutcome }): Promise<HealthReport> {
      // The runs row's error and checks as the run activities wrote them (activities/runs).
      const run = (await runOutcome(sql, input.runId)) as
        | { importId: string; environment: EnvironmentName; error: { type?: string; message?: string } | null; checks: { check: string; status: string; message: string }[] | null; healthy: boolean }
        | undefined;
      if (!run) throw failure(Failure.RunNotFound, `Run ${input.runId} does not exist`);
      const failing = (run.checks ?? []).filter((c) => c.status === 'fail');
      let kind: HealthReport['kind'] = null;
      let summary = `Run ${input.outcome}`;
      if (input.outcome === 'failed') {
        kind = kindOfFailure(run.error?.type ?? 'Error');
        summary = `Run failed: ${run.error?.type ?? 'Error'}: ${run.error?.message ?? 'no message'}`;
      } else if (input.outcome === 'quarantined') {
        kind = kindOfChecks(failing.map((c) => c.check));
        summary = `Run quarantined: ${failing.map((c) => `${c.check}: ${c.message}`).join(' | ')}`;
      }
      const report: HealthReport = { source: 'run', runId: input.runId, outcome: input.outcome, kind, summary: summary.slice(0, 1000), at: new Date().toISOString() };
      // A good run of a healthy import would only move the health workflow's `lastGoodRun`: not sent, so a burst of
      // healthy runs starts no health workflow and costs Temporal no signal nor workflow task (issue 12).
      if (input.outcome === 'applied' && run.healthy) return report;
      return send(run.importId, run.environment, report);
    },

    /** A production deploy failed (its compensations done): a `deploy_failed` incident. */
    async reportDeployHealth(input: { importId: string; deployId: string; workflowId: string; step: DeployStep; error: { type: string; message: string } }): Promise<HealthReport> {
      const summary = `Production deploy ${input.deployId} failed at step "${input.step}": ${input.error.type}: ${input.error.message}`;
      return send(input.importId, 'production', { source: 'deploy', deployId: input.deployId, workflowId: input.workflowId, kind: 'deploy_failed', summary: summary.slice(0, 1000), at: new Date().toISOString() });
    },

    /** The watchdog found a live import whose last good run is older than its schedule allows. */
    async reportScheduleMissed(input: { importId: string; environment: EnvironmentName; lastSuccessAt: string | null; summary: string }): Promise<HealthReport> {
      return send(input.importId, input.environment, { source: 'watchdog', kind: 'schedule_missed', summary: input.summary, lastSuccessAt: input.lastSuccessAt, at: new Date().toISOString() });
    },
  };
}
