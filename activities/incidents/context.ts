import type postgres from 'postgres';
import type { EnvironmentName, HealthReport, IncidentKind } from '../../contracts';
import { dossierBrief } from '../../db/dossier-brief';
import { deployAlertContext, importWithClient, runAlertContext, runOfIncident } from '../../db/queries/incidents';
import { temporalUiWorkflowUrl } from '../../platform/config';

export interface IncidentLinks {
  temporalUiUrl: string;
  namespace: string;
  apiUrl: string | null;
}

/**
 * What an incident carries so a developer can start fixing without digging. It reuses the alert the run (or the
 * deploy) already wrote — failing checks with figures, URLs with statuses, error type/message/stack, broken
 * selectors, sample record, HTML excerpt — and adds the import, its client and the links. No configuration is
 * copied, so no credential can appear. The person answering is usually not the author: the dossier's unusual
 * points, the run-book entries for what failed and the last resolution of this kind come along (`dossier`).
 */
export async function incidentContext(
  sql: postgres.Sql,
  links: IncidentLinks,
  scope: { importId: string; environment: EnvironmentName; kind: IncidentKind; workflowId: string },
  report: HealthReport,
): Promise<Record<string, unknown>> {
  const context = await reportContext(sql, links, scope, report);
  const failing = Array.isArray(context.failingChecks) ? (context.failingChecks as { check?: unknown }[]).map((c) => String(c.check)) : [];
  return { ...context, dossier: await dossierBrief(sql, { importId: scope.importId, kind: scope.kind, failedChecks: failing, apiUrl: links.apiUrl }) };
}

async function reportContext(
  sql: postgres.Sql,
  links: IncidentLinks,
  scope: { importId: string; environment: EnvironmentName; kind: IncidentKind; workflowId: string },
  report: HealthReport,
): Promise<Record<string, unknown>> {
  const imp = await importWithClient(sql, scope.importId);
  const base = {
    import: { id: scope.importId, name: imp?.name ?? null, stage: imp?.stage ?? null, client: imp?.client ?? null, clientId: imp?.clientId ?? null },
    environment: scope.environment,
    kind: scope.kind,
    summary: report.summary,
    healthWorkflow: temporalUiWorkflowUrl(links.temporalUiUrl, links.namespace, scope.workflowId),
  };
  if (report.source === 'run') {
    const run = await runOfIncident(sql, report.runId);
    const alertContext = (await runAlertContext(sql, report.runId)) ?? {};
    const error = (alertContext.error as Record<string, unknown> | undefined) ?? run?.error ?? null;
    return {
      ...base,
      run: run ? { id: report.runId, workflowId: run.workflowId, outcome: report.outcome, startedAt: new Date(run.startedAt).toISOString(), counts: run.counts } : { id: report.runId, outcome: report.outcome },
      ...alertContext,
      error,
      brokenSelectors: brokenSelectors(alertContext, error),
      links: {
        temporalUi: run ? temporalUiWorkflowUrl(links.temporalUiUrl, links.namespace, run.workflowId) : null,
        api: links.apiUrl ? `${links.apiUrl}/runs/${report.runId}` : `/runs/${report.runId}`,
      },
    };
  }
  if (report.source === 'deploy') {
    const alertContext = await deployAlertContext(sql, scope.importId, report.deployId);
    return {
      ...base,
      deploy: { id: report.deployId, workflowId: report.workflowId },
      ...(alertContext ?? {}),
      links: {
        temporalUi: temporalUiWorkflowUrl(links.temporalUiUrl, links.namespace, report.workflowId),
        api: links.apiUrl ? `${links.apiUrl}/imports/${scope.importId}/state` : `/imports/${scope.importId}/state`,
      },
    };
  }
  return {
    ...base,
    lastSuccessAt: report.lastSuccessAt,
    links: { temporalUi: base.healthWorkflow, api: links.apiUrl ? `${links.apiUrl}/imports/${scope.importId}/runs` : `/imports/${scope.importId}/runs` },
  };
}

/** The selectors that stopped matching: those a quarantine found empty, or the one a changed layout names. */
function brokenSelectors(alertContext: Record<string, unknown>, error: Record<string, unknown> | null): unknown[] {
  const fromChecks = Array.isArray(alertContext.brokenSelectors) ? alertContext.brokenSelectors : [];
  if (fromChecks.length > 0) return fromChecks;
  const selector = error?.selector;
  return typeof selector === 'string' ? [{ field: null, selector, pages: null, sampleUrl: error?.url ?? null }] : [];
}
