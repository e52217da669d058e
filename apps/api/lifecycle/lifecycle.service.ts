import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { configProblem, fetchPolicyProblem } from '../../../importers/config-check';
import { fetchSettingsFromEnv, type ServiceConfig } from '../../../platform/config';
import {
  availableDecisions,
  DECISION_UPDATES,
  lifecycleWorkflowId,
  requestBody,
  stateQuery,
  TRANSITIONS,
  type DecisionName,
  type LifecycleStage,
  type LifecycleState,
  type RequestOf,
  type Transition,
} from '../../../contracts';
import { actorOf, type Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { DossierService } from '../dossier/dossier.service';
import { ReviewSheetService } from '../review/review-sheet.service';
import { TeamRepository } from '../team/team.repository';
import { DATABASE, CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { openApi } from '../imports/imports.dto';
import { ImportsService, translateLifecycleError } from '../imports/imports.service';
import type { BodyOf } from './lifecycle.dto';
import { notificationsOf, type NotificationRow } from '../../../db/queries/notifications';

/** One decision the caller may take now, with the request it takes (GET /imports/:id/actions). */
export interface AvailableAction {
  decision: DecisionName;
  name: string;
  summary: string;
  method: 'POST';
  path: string;
  /** Where it leads: a stage, `same`, or the stages its outcome may lead to. */
  to: Transition['to'];
  /** The request body's JSON schema (the actor field may be left out: it is the caller). */
  schema: Record<string, unknown>;
}

/** Sends each lifecycle decision to the import's workflow as an update; the workflow decides. */
@Injectable()
export class LifecycleService {
  constructor(
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TeamRepository) private readonly team: TeamRepository,
    @Inject(DossierService) private readonly dossier: DossierService,
    @Inject(ReviewSheetService) private readonly sheets: ReviewSheetService,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * The configuration is checked here as well as at the deploy, so a broken one never reaches a reviewer; so is
   * the dossier (the workflow cannot read it): nobody reviews an import only its author understands. The
   * dossier version submitted is marked, so the reviewer sees its diff from the last approved one.
   */
  async submitReview(id: string, body: BodyOf<'submitForReview'>, caller: Caller): Promise<LifecycleState> {
    const problem = configProblem(body.importerKey, body.config) ?? fetchPolicyProblem(body.fetchPolicy, (this.config.fetch ?? fetchSettingsFromEnv()).maxima);
    if (problem) throw new ApiError(422, problem.code, problem.message, problem.fields ? { fields: problem.fields } : undefined);
    await this.imports.get(id);
    const dossierVersion = await this.dossier.expectComplete(id);
    const state = await this.decide(id, 'submitForReview', body, caller);
    // After the update (see ReviewSheetService.opened for why, and how a failure here is caught up).
    if (state.submission) await this.sheets.opened(id, state.submission.revision, state.submission, dossierVersion);
    return state;
  }

  /**
   * An approval waits for the review sheet (every practice answered, automatic ones passing or waived), and
   * marks the dossier version its revision carried: the next review's diff starts there.
   */
  async review(id: string, body: BodyOf<'review'>, caller: Caller): Promise<LifecycleState> {
    if (body.decision === 'approve' && (await this.awaitsOthersReview(id, caller))) await this.sheets.expectApprovable(id);
    const state = await this.decide(id, 'review', body, caller);
    // After the update: lost, it is caught up from the review decisions (DossierRepository.markApprovedFromDecisions).
    if (state.review?.outcome === 'approved') await this.dossier.markApproved(id, state.review.revision);
    return state;
  }

  /**
   * Whether the sheet decides: only for an approval the workflow would otherwise accept (in review, by someone
   * else than the author), so a self-review or a decision out of stage keeps the workflow's own answer.
   */
  private async awaitsOthersReview(id: string, caller: Caller): Promise<boolean> {
    const row = await this.imports.get(id);
    if (row.stage !== 'in_review') return false;
    try {
      const state = await this.client.workflow.getHandle(lifecycleWorkflowId(id)).query(stateQuery);
      return state.stage === 'in_review' && state.submission !== null && state.submission.by !== caller.handle;
    } catch {
      // Unreadable state: the sheet still decides (the update will answer for the workflow).
      return true;
    }
  }

  /** An assignee is an active developer of the team: caught here, since the workflow cannot look members up. */
  private async expectDeveloper(handle: string): Promise<void> {
    const member = await this.team.find(handle);
    if (!member || member.deactivatedAt) throw new ApiError(422, 'unknown_assignee', `assignee: no active member "${handle}"`, { fields: [{ field: 'assignee', message: 'not an active member' }] });
    if (member.role !== 'developer') throw new ApiError(422, 'unknown_assignee', `assignee: ${handle} is a ${member.role}, not a developer`, { fields: [{ field: 'assignee', message: 'must be a developer' }] });
  }

  /**
   * What the caller may decide now on the import: their role and the import's stage read through the
   * transitions table, with the workflow's state when it answers (a block, an approved review, the assignee…),
   * else the stage stored in Postgres.
   */
  async actions(id: string, caller: Caller): Promise<{ importId: string; actor: string; role: Caller['role']; stage: LifecycleStage; actions: AvailableAction[] }> {
    const row = await this.imports.get(id);
    const state = await this.client.workflow
      .getHandle(lifecycleWorkflowId(id))
      .query(stateQuery)
      .catch(() => null);
    const stage = state?.stage ?? (row.stage as LifecycleStage);
    const names = availableDecisions(stage, caller.role, { actor: caller.handle, ...(state ? { state } : {}) });
    const actions = names.map((decision): AvailableAction => {
      const t: Transition = TRANSITIONS[decision];
      return { decision, name: t.name, summary: t.summary, method: 'POST', path: `/imports/${id}/${t.route}`, to: t.to, schema: openApi(requestBody(t)) };
    });
    return { importId: id, actor: caller.handle, role: caller.role, stage, actions };
  }

  async notifications(id: string): Promise<NotificationRow[]> {
    await this.imports.get(id);
    return notificationsOf(this.db, id);
  }

  /**
   * The decision as the workflow receives it: the actor and their role come from the API key (an actor field
   * naming someone else is refused), so the workflow's own role check sees who really sends it.
   */
  async decide<N extends DecisionName>(id: string, decision: N, body: BodyOf<N>, caller: Caller): Promise<LifecycleState> {
    const field = TRANSITIONS[decision].actorField ?? 'by';
    const request = { ...body, [field]: actorOf(caller, body[field], field), role: caller.role } as unknown as RequestOf<N>;
    const update = DECISION_UPDATES[decision] as UpdateDefinition<LifecycleState, [RequestOf<N>]>;
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
