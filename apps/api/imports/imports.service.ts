import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  estimateUpdate,
  lifecycleWorkflowId,
  SEARCH_ATTRIBUTES,
  stateQuery,
  type LifecycleInput,
  type LifecycleState,
} from '../../../contracts';
import { temporalUiWorkflowUrl, type ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import type { CreateImport, EstimateBody } from './imports.dto';
import { ImportsRepository, type DecisionRow, type ImportRow } from './imports.repository';

export interface ImportView extends ImportRow {
  workflowId: string;
  links: { temporalUi: string };
}

@Injectable()
export class ImportsService {
  constructor(
    @Inject(ImportsRepository) private readonly repository: ImportsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Files a request: the import row and its lifecycle workflow, together or not at all. */
  async create(input: CreateImport): Promise<ImportView> {
    const id = randomUUID();
    await this.repository.create(id, input, async (clientId) => {
      const workflowInput: LifecycleInput = { importId: id, clientId, requestedBy: input.requestedBy };
      await this.client.workflow.start('importLifecycle', {
        workflowId: lifecycleWorkflowId(id),
        taskQueue: this.config.taskQueue,
        args: [workflowInput],
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.ImportId, value: id },
          { key: SEARCH_ATTRIBUTES.ClientId, value: clientId },
          { key: SEARCH_ATTRIBUTES.Stage, value: 'requested' },
        ],
      });
    });
    return this.get(id);
  }

  async get(id: string): Promise<ImportView> {
    const row = await this.repository.findById(id);
    if (!row) throw new ApiError(404, 'import_not_found', `No import with id ${id}`);
    return this.view(row);
  }

  async list(limit: number, offset: number): Promise<{ items: ImportView[]; total: number; limit: number; offset: number }> {
    const { items, total } = await this.repository.list(limit, offset);
    return { items: items.map((row) => this.view(row)), total, limit, offset };
  }

  async decisions(id: string): Promise<DecisionRow[]> {
    await this.get(id);
    return this.repository.decisions(id);
  }

  /** The workflow's own view (stage and decisions as the workflow holds them). */
  async state(id: string): Promise<LifecycleState> {
    try {
      return await this.client.workflow.getHandle(lifecycleWorkflowId(id)).query(stateQuery);
    } catch (err) {
      throw this.translate(err, id);
    }
  }

  async estimate(id: string, body: EstimateBody): Promise<LifecycleState> {
    await this.get(id);
    try {
      return await this.client.workflow.getHandle(lifecycleWorkflowId(id)).executeUpdate(estimateUpdate, { args: [body] });
    } catch (err) {
      throw this.translate(err, id);
    }
  }

  private view(row: ImportRow): ImportView {
    const workflowId = lifecycleWorkflowId(row.id);
    return { ...row, workflowId, links: { temporalUi: temporalUiWorkflowUrl(this.config.temporalUiUrl, this.config.temporalNamespace, workflowId) } };
  }

  private translate(err: unknown, id: string): unknown {
    return translateLifecycleError(err, id);
  }
}

/** Rejections by the workflow's validators become 409 (wrong stage) or 422 (invalid decision). */
export function translateLifecycleError(err: unknown, id: string): unknown {
  if (err instanceof WorkflowNotFoundError) {
    return new ApiError(409, 'workflow_not_running', `The lifecycle workflow of import ${id} is not running`);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const status = err.cause.type === 'WrongStage' ? 409 : 422;
    return new ApiError(status, err.cause.type === 'WrongStage' ? 'wrong_stage' : 'invalid_decision', err.cause.message);
  }
  return err;
}
