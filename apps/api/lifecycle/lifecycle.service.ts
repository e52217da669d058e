import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { configProblem } from '../../../importers/config-check';
import {
  assignUpdate,
  cancelUpdate,
  clientDecisionUpdate,
  deployProductionUpdate,
  deployStagingUpdate,
  lifecycleWorkflowId,
  planUpdate,
  reviewUpdate,
  revertProductionUpdate,
  startDevelopmentUpdate,
  submitForReviewUpdate,
  type LifecycleState,
} from '../../../contracts';
import { ApiError } from '../common/api-error';
import { TEMPORAL_CLIENT } from '../common/tokens';
import { ImportsService, translateLifecycleError } from '../imports/imports.service';
import type { AssignBody, CancelBody, ClientDecisionBody, DeployProductionBody, DeployStagingBody, RevertProductionBody, PlanBody, ReviewBody, StartDevelopmentBody, SubmitReviewBody } from './lifecycle.dto';
import { LifecycleRepository, type NotificationRow } from './lifecycle.repository';

/** Sends each lifecycle decision to the import's workflow as an update; the workflow decides. */
@Injectable()
export class LifecycleService {
  constructor(
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(LifecycleRepository) private readonly repository: LifecycleRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  plan = (id: string, body: PlanBody) => this.decide(id, planUpdate, body);
  assign = (id: string, body: AssignBody) => this.decide(id, assignUpdate, body);
  startDevelopment = (id: string, body: StartDevelopmentBody) => this.decide(id, startDevelopmentUpdate, body);
  review = (id: string, body: ReviewBody) => this.decide(id, reviewUpdate, body);
  deployStaging = (id: string, body: DeployStagingBody) => this.decide(id, deployStagingUpdate, body);
  clientDecision = (id: string, body: ClientDecisionBody) => this.decide(id, clientDecisionUpdate, body);
  cancel = (id: string, body: CancelBody) => this.decide(id, cancelUpdate, body);
  deployProduction = (id: string, body: DeployProductionBody) => this.decide(id, deployProductionUpdate, body);
  revertProduction = (id: string, body: RevertProductionBody) => this.decide(id, revertProductionUpdate, body);

  /** The configuration is checked here as well as at the deploy, so a broken one never reaches a reviewer. */
  submitReview(id: string, body: SubmitReviewBody): Promise<LifecycleState> {
    const problem = configProblem(body.importerKey, body.config);
    if (problem) throw new ApiError(422, problem.code, problem.message, problem.fields ? { fields: problem.fields } : undefined);
    return this.decide(id, submitForReviewUpdate, body);
  }

  async notifications(id: string): Promise<NotificationRow[]> {
    await this.imports.get(id);
    return this.repository.notifications(id);
  }

  private async decide<Req>(id: string, update: UpdateDefinition<LifecycleState, [Req]>, body: Req): Promise<LifecycleState> {
    const row = await this.imports.get(id);
    try {
      return await this.client.workflow.getHandle(lifecycleWorkflowId(id)).executeUpdate(update, { args: [body] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && row.stage === 'cancelled') {
        throw new ApiError(409, 'wrong_stage', `Import ${id} is cancelled: its lifecycle takes no more decisions`);
      }
      throw translateLifecycleError(err, id);
    }
  }
}
