import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  lifecycleWorkflowId,
  SEARCH_ATTRIBUTES,
  stateQuery,
  type LifecycleInput,
  type LifecycleState,
  WORKFLOW_TYPES,
} from '../../../contracts';
import { temporalUiWorkflowUrl, type ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { workflowErrorToApi } from '../common/workflow-errors';
import { CONFIG, DATABASE, TEMPORAL_CLIENT } from '../common/tokens';
import type { CreateImport } from './imports.dto';
import type { Database } from '../../../db/client';
import { decisionsOf, deleteImport, importById, insertImport, listImports, type DecisionRow, type ImportRow } from '../../../db/queries/imports';

export interface ImportView extends ImportRow {
  workflowId: string;
  links: { temporalUi: string };
}

@Injectable()
export class ImportsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Files a request: the import row and its lifecycle workflow, together or not at all. */
  async create(input: CreateImport & { requestedBy: string }): Promise<ImportView> {
    const id = randomUUID();
    // The row is committed before the lifecycle starts: its first activity records the "requested" decision on it,
    // and could otherwise run before the insert's transaction commits (ImportNotFound, a lifecycle that never began).
    const clientId = await insertImport(this.db, id, input);
    // access: 'roles' — every decision must carry its sender's role, also when sent straight to Temporal.
    const workflowInput: LifecycleInput = { importId: id, clientId, requestedBy: input.requestedBy, access: 'roles' };
    try {
      await this.client.workflow.start(WORKFLOW_TYPES.importLifecycle, {
        workflowId: lifecycleWorkflowId(id),
        taskQueue: this.config.taskQueue,
        args: [workflowInput],
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.ImportId, value: id },
          { key: SEARCH_ATTRIBUTES.ClientId, value: clientId },
          { key: SEARCH_ATTRIBUTES.Stage, value: 'requested' },
        ],
      });
    } catch (err) {
      // Started after all (an answer lost on the way back): the import stands. Otherwise no import without its lifecycle.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        await deleteImport(this.db, id);
        throw err;
      }
    }
    return this.get(id);
  }

  async get(id: string): Promise<ImportView> {
    const row = await importById(this.db, id);
    if (!row) throw new ApiError(404, 'import_not_found', `No import with id ${id}`);
    return this.view(row);
  }

  async list(limit: number, offset: number): Promise<{ items: ImportView[]; total: number; limit: number; offset: number }> {
    const { items, total } = await listImports(this.db, limit, offset);
    return { items: items.map((row) => this.view(row)), total, limit, offset };
  }

  async decisions(id: string): Promise<DecisionRow[]> {
    await this.get(id);
    return decisionsOf(this.db, id);
  }

  /** The workflow's own view (stage and decisions as the workflow holds them). */
  async state(id: string): Promise<LifecycleState> {
    try {
      return await this.client.workflow.getHandle(lifecycleWorkflowId(id)).query(stateQuery);
    } catch (err) {
      throw translateLifecycleError(err, id);
    }
  }

  private view(row: ImportRow): ImportView {
    const workflowId = lifecycleWorkflowId(row.id);
    return { ...row, workflowId, links: { temporalUi: temporalUiWorkflowUrl(this.config.temporalUiUrl, this.config.temporalNamespace, workflowId) } };
  }
}

/** A lifecycle workflow's refusals as API errors (409 wrong stage or ended, 422 invalid decision). */
export const translateLifecycleError = (err: unknown, id: string): unknown => workflowErrorToApi(err, `The lifecycle workflow of import ${id}`);
