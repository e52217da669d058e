import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import type { Client } from '@temporalio/client';
import {
  revertWorkflowId,
  runDecisionUpdate,
  runStateQuery,
  runWorkflowId,
  type EnvironmentName,
  type ImportRunInput,
  type RunDecision,
  runSearchAttributes,
  WORKFLOW_TYPES,
} from '../../../contracts';
import { configProblem, fetchPolicyProblem } from '../../../importers/config-check';
import { fetchSettingsFromEnv, temporalUiWorkflowUrl, type ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { workflowErrorToApi } from '../common/workflow-errors';
import type postgres from 'postgres';
import { kindOfChecks, kindOfFailure } from '../../../contracts/incident-kinds';
import { dossierBrief, failedChecksOf } from '../../../db/dossier-brief';
import { DATABASE, CONFIG, SQL, TEMPORAL_CLIENT } from '../common/tokens';
import { ImportsService } from '../imports/imports.service';
import type { ImportConfigBody } from './runs.dto';
import { findImportConfig, upsertImportConfig } from '../../../db/queries/import-configs';
import { alertsOf, runById, runsOf, type RunRow } from '../../../db/queries/run-history';

@Injectable()
export class RunsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(SQL) private readonly sql: postgres.Sql,
  ) {}

  /** Stores an import's configuration for one environment after the importer's own schema accepts it. */
  async saveConfig(importId: string, environment: EnvironmentName, body: ImportConfigBody) {
    await this.imports.get(importId);
    const problem = configProblem(body.importerKey, body.config) ?? fetchPolicyProblem(body.fetchPolicy, (this.config.fetch ?? fetchSettingsFromEnv()).maxima);
    if (problem) throw new ApiError(422, problem.code, problem.message, problem.fields ? { fields: problem.fields } : undefined);
    return upsertImportConfig(this.db, importId, environment, body);
  }

  async getConfig(importId: string, environment: EnvironmentName) {
    const row = await findImportConfig(this.db, importId, environment);
    if (!row) throw new ApiError(404, 'not_configured', `Import ${importId} has no ${environment} configuration`);
    return row;
  }

  /** Starts a run now (outside the schedule). */
  async start(importId: string, environment: EnvironmentName, options: { quarantineTimeout?: string | undefined }) {
    await this.getConfig(importId, environment);
    const workflowId = runWorkflowId(importId, environment, new Date());
    const input: ImportRunInput = { importId, environment, trigger: 'manual', ...(options.quarantineTimeout ? { quarantineTimeout: options.quarantineTimeout } : {}) };
    await this.client.workflow.start(WORKFLOW_TYPES.importRun, {
      workflowId,
      taskQueue: this.config.taskQueue,
      args: [input],
      typedSearchAttributes: runSearchAttributes(importId, environment),
    });
    return { workflowId, links: { temporalUi: this.uiLink(workflowId) } };
  }

  async list(importId: string, environment: EnvironmentName | undefined, limit: number, offset: number) {
    await this.imports.get(importId);
    return (await runsOf(this.db, importId, environment, limit, offset)).map((r) => this.view(r));
  }

  async get(runId: string) {
    const run = await runById(this.db, runId);
    if (!run) throw new ApiError(404, 'run_not_found', `No run with id ${runId}`);
    return this.view(run);
  }

  /**
   * Each alert with what the dossier says about it (read now: it may have been completed since): the unusual
   * points, the run-book entries for its failing checks and its kind, the last resolution of that kind, the link.
   */
  async alerts(importId: string) {
    await this.imports.get(importId);
    const alerts = await alertsOf(this.db, importId);
    return Promise.all(
      alerts.map(async (a) => {
        const failedChecks = failedChecksOf(a.context);
        // The run book is keyed by checks and incident kinds: a run's alert is read as the incident it opens.
        const error = (a.context as { error?: { type?: unknown } }).error;
        const kind = a.kind === 'run_failed' ? kindOfFailure(String(error?.type ?? '')) : a.kind === 'run_quarantined' ? kindOfChecks(failedChecks) : a.kind;
        return { ...a, dossier: await dossierBrief(this.sql, { importId, kind, failedChecks, apiUrl: this.config.publicApiUrl }) };
      }),
    );
  }

  /**
   * A human decision on a quarantined run, sent to its workflow as an update. The update answers once the run
   * leaves quarantine; a discard ends the run right after (one write), so its answer waits for that end and shows
   * the final phase (`done`, `discarded`) rather than the step in between.
   */
  async decide(runId: string, decision: RunDecision) {
    const run = await this.get(runId);
    try {
      const handle = this.client.workflow.getHandle(run.workflowId);
      const state = await handle.executeUpdate(runDecisionUpdate, { args: [decision] });
      if (decision.decision !== 'discard') return state;
      await handle.result();
      return await handle.query(runStateQuery);
    } catch (err) {
      throw workflowErrorToApi(err, `The workflow of run ${runId}`);
    }
  }

  /** Reverts an applied run (a workflow, so it is recorded and retried) and waits for it. */
  async revert(runId: string, by: string, reason: string | undefined) {
    await this.get(runId);
    try {
      return await this.client.workflow.execute(WORKFLOW_TYPES.revertImportRun, {
        workflowId: revertWorkflowId(runId),
        taskQueue: this.config.taskQueue,
        args: [{ runId, by, ...(reason ? { reason } : {}) }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (err) {
      throw workflowErrorToApi(err, `The workflow of run ${runId}`);
    }
  }

  private view(run: RunRow) {
    // Source documents (URLs, validators, hashes) serve the unchanged-source skip only: not part of the API.
    const { observations, sourceDocuments: _sourceDocuments, ...rest } = run;
    return { ...rest, pages: (observations as { pageCount?: number } | null)?.pageCount ?? null, links: { temporalUi: this.uiLink(run.workflowId) } };
  }

  private uiLink(workflowId: string): string {
    return temporalUiWorkflowUrl(this.config.temporalUiUrl, this.config.temporalNamespace, workflowId);
  }
}

