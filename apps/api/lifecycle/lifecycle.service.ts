import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { configProblem, fetchPolicyProblem } from '../../../importers/config-check';
import { fetchSettingsFromEnv, type ServiceConfig } from '../../../platform/config';
import {
  assignUpdate,
  cancelUpdate,
  clientDecisionUpdate,
  completeHandOffUpdate,
  deployProductionUpdate,
  deployStagingUpdate,
  lifecycleWorkflowId,
  planUpdate,
  reviewUpdate,
  revertProductionUpdate,
  startDevelopmentUpdate,
  startMaintenanceUpdate,
  submitForReviewUpdate,
  verificationDecisionUpdate,
  type ActorRole,
  type LifecycleState,
} from '../../../contracts';
import { actorOf, type Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { TeamRepository } from '../team/team.repository';
import { CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { ImportsService, translateLifecycleError } from '../imports/imports.service';
import type {
  AssignBody,
  CancelBody,
  ClientDecisionBody,
  CompleteHandOffBody,
  DeployProductionBody,
  DeployStagingBody,
  PlanBody,
  RevertProductionBody,
  ReviewBody,
  StartDevelopmentBody,
  StartMaintenanceBody,
  SubmitReviewBody,
  VerificationDecisionBody,
} from './lifecycle.dto';
import { LifecycleRepository, type NotificationRow } from './lifecycle.repository';

/** Sends each lifecycle decision to the import's workflow as an update; the workflow decides. */
@Injectable()
export class LifecycleService {
  constructor(
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(LifecycleRepository) private readonly repository: LifecycleRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TeamRepository) private readonly team: TeamRepository,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  plan = (id: string, body: PlanBody, caller: Caller) => this.decide(id, planUpdate, body, caller);
  assign = (id: string, body: AssignBody, caller: Caller) => this.decide(id, assignUpdate, body, caller);
  startDevelopment = (id: string, body: StartDevelopmentBody, caller: Caller) => this.decide(id, startDevelopmentUpdate, body, caller);
  review = (id: string, body: ReviewBody, caller: Caller) => this.decide(id, reviewUpdate, body, caller);
  deployStaging = (id: string, body: DeployStagingBody, caller: Caller) => this.decide(id, deployStagingUpdate, body, caller);
  clientDecision = (id: string, body: ClientDecisionBody, caller: Caller) => this.decide(id, clientDecisionUpdate, body, caller);
  cancel = (id: string, body: CancelBody, caller: Caller) => this.decide(id, cancelUpdate, body, caller);
  deployProduction = (id: string, body: DeployProductionBody, caller: Caller) => this.decide(id, deployProductionUpdate, body, caller);
  revertProduction = (id: string, body: RevertProductionBody, caller: Caller) => this.decide(id, revertProductionUpdate, body, caller);
  verificationDecision = (id: string, body: VerificationDecisionBody, caller: Caller) => this.decide(id, verificationDecisionUpdate, body, caller);
  completeHandOff = (id: string, body: CompleteHandOffBody, caller: Caller) => this.decide(id, completeHandOffUpdate, body, caller);
  startMaintenance = (id: string, body: StartMaintenanceBody, caller: Caller) => this.decide(id, startMaintenanceUpdate, body, caller);

  /** The configuration is checked here as well as at the deploy, so a broken one never reaches a reviewer. */
  submitReview(id: string, body: SubmitReviewBody, caller: Caller): Promise<LifecycleState> {
    const problem = configProblem(body.importerKey, body.config) ?? fetchPolicyProblem(body.fetchPolicy, (this.config.fetch ?? fetchSettingsFromEnv()).maxima);
    if (problem) throw new ApiError(422, problem.code, problem.message, problem.fields ? { fields: problem.fields } : undefined);
    return this.decide(id, submitForReviewUpdate, body, caller);
  }

  /** An assignee is an active developer of the team: caught here, since the workflow cannot look members up. */
  private async expectDeveloper(handle: string): Promise<void> {
    const member = await this.team.find(handle);
    if (!member || member.deactivatedAt) throw new ApiError(422, 'unknown_assignee', `assignee: no active member "${handle}"`, { fields: [{ field: 'assignee', message: 'not an active member' }] });
    if (member.role !== 'developer') throw new ApiError(422, 'unknown_assignee', `assignee: ${handle} is a ${member.role}, not a developer`, { fields: [{ field: 'assignee', message: 'must be a developer' }] });
  }

  async notifications(id: string): Promise<NotificationRow[]> {
    await this.imports.get(id);
    return this.repository.notifications(id);
  }

  /**
   * The decision as the workflow receives it: the actor and their role come from the API key (a `by` naming
   * someone else is refused), so the workflow's own role check sees who really sends it.
   */
  private async decide<Req extends ActorRole>(id: string, update: UpdateDefinition<LifecycleState, [Req]>, body: Omit<Req, 'by' | 'role'> & { by?: string }, caller: Caller): Promise<LifecycleState> {
    const request = { ...body, by: actorOf(caller, body.by), role: caller.role } as unknown as Req;
    const row = await this.imports.get(id);
    if ('assignee' in body && typeof body.assignee === 'string') await this.expectDeveloper(body.assignee);
    try {
      return await this.client.workflow.getHandle(lifecycleWorkflowId(id)).executeUpdate(update, { args: [request] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && row.stage === 'cancelled') {
        throw new ApiError(409, 'wrong_stage', `Import ${id} is cancelled: its lifecycle takes no more decisions`);
      }
      throw translateLifecycleError(err, id);
    }
  }
}
