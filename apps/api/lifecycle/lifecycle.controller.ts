import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import {
  assignSchema,
  blockSchema,
  unblockSchema,
  reassignSchema,
  type ReassignBody,
  type BlockBody,
  type UnblockBody,
  cancelSchema,
  clientDecisionSchema,
  completeHandOffSchema,
  deployProductionSchema,
  deployStagingSchema,
  planSchema,
  reviewSchema,
  revertProductionSchema,
  startDevelopmentSchema,
  startMaintenanceSchema,
  submitReviewSchema,
  verificationDecisionSchema,
  type AssignBody,
  type CancelBody,
  type ClientDecisionBody,
  type CompleteHandOffBody,
  type DeployProductionBody,
  type DeployStagingBody,
  type PlanBody,
  type ReviewBody,
  type RevertProductionBody,
  type StartDevelopmentBody,
  type StartMaintenanceBody,
  type SubmitReviewBody,
  type VerificationDecisionBody,
} from './lifecycle.dto';
import { LifecycleService } from './lifecycle.service';

const idPipe = new ZodPipe(importIdSchema, 'path');

/** The OpenAPI description every decision shares: body and examples, then the workflow's answers. */
function Decision(summary: string, schema: z.ZodType, examples: Record<string, { summary?: string; value: unknown }>) {
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary: `${summary} (a workflow update, validated by the workflow)` }),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiBody({ schema: openApi(schema), examples }),
    ApiResponse({ status: 200, description: 'Accepted: the new lifecycle state, with the history of decisions' }),
    ApiResponse({ status: 400, description: 'Invalid body; `error.details.fields` lists each field' }),
    ApiResponse({ status: 404, description: 'No such import' }),
    ApiResponse({ status: 409, description: 'Not accepted in the current stage (`wrong_stage`), or the lifecycle has ended' }),
    ApiResponse({ status: 422, description: 'Refused by the workflow: wrong person, missing comments, invalid configuration…' }),
  );
}

const greenhouse = { boardToken: 'acme', contractTypeField: 'Type de contrat' };

@ApiTags('lifecycle')
@Controller('imports')
export class LifecycleController {
  constructor(@Inject(LifecycleService) private readonly lifecycle: LifecycleService) {}

  @Post(':id/plan')
  @Decision("The lead's plan: priority confirmed and wanted date; the state gets the queue position", planSchema, {
    plan: { value: { by: 'lead.ines', priority: 2, wantedDate: '2026-09-15', comment: 'Before the autumn campaign' } },
  })
  plan(@Param('id', idPipe) id: string, @Body(new ZodPipe(planSchema)) body: PlanBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.plan(id, body, caller);
  }

  @Post(':id/assign')
  @Decision('Assign a developer', assignSchema, { assign: { value: { assignee: 'dev.ana', by: 'lead.ines' } } })
  assign(@Param('id', idPipe) id: string, @Body(new ZodPipe(assignSchema)) body: AssignBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.assign(id, body, caller);
  }

  @Post(':id/start-development')
  @Decision('The assignee starts development', startDevelopmentSchema, { start: { value: { by: 'dev.ana' } } })
  startDevelopment(@Param('id', idPipe) id: string, @Body(new ZodPipe(startDevelopmentSchema)) body: StartDevelopmentBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.startDevelopment(id, body, caller);
  }

  @Post(':id/submit-review')
  @Decision('The assignee submits the importer and its configuration for review', submitReviewSchema, {
    greenhouse: {
      summary: 'A client on Greenhouse: configuration only',
      value: { by: 'dev.ana', version: 'a1b2c3d', importerKey: 'greenhouse', config: greenhouse, schedule: '0 6 * * *', comment: 'Board token checked with the client' },
    },
  })
  submitReview(@Param('id', idPipe) id: string, @Body(new ZodPipe(submitReviewSchema)) body: SubmitReviewBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.submitReview(id, body, caller);
  }

  @Post(':id/review')
  @Decision('Another developer approves, or requests changes (back to development)', reviewSchema, {
    approve: { value: { by: 'dev.bob', decision: 'approve' } },
    requestChanges: { value: { by: 'dev.bob', decision: 'request_changes', comments: 'Dates are parsed as local time: use UTC' } },
  })
  review(@Param('id', idPipe) id: string, @Body(new ZodPipe(reviewSchema)) body: ReviewBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.review(id, body, caller);
  }

  @Post(':id/deploy-staging')
  @Decision('Deploy the approved revision to staging: configuration, staging schedule and a first staging run', deployStagingSchema, {
    deploy: { value: { by: 'dev.bob' } },
  })
  deployStaging(@Param('id', idPipe) id: string, @Body(new ZodPipe(deployStagingSchema)) body: DeployStagingBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.deployStaging(id, body, caller);
  }

  @Post(':id/client-decision')
  @Decision("Account management relays the client's validation, or feedback (back to development)", clientDecisionSchema, {
    validate: { value: { by: 'am.claire', decision: 'validate' } },
    feedback: { value: { by: 'am.claire', decision: 'feedback', comments: 'The salary is missing on part-time offers' } },
  })
  clientDecision(@Param('id', idPipe) id: string, @Body(new ZodPipe(clientDecisionSchema)) body: ClientDecisionBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.clientDecision(id, body, caller);
  }

  @Post(':id/deploy-production')
  @Decision(
    'Deploy to production through the deploy saga (answers at once; the stage becomes `live` when it succeeds, `production.outcome` says how it went)',
    deployProductionSchema,
    { deploy: { value: { by: 'ops.marc', comment: 'Validated by the client on Monday' } } },
  )
  deployProduction(@Param('id', idPipe) id: string, @Body(new ZodPipe(deployProductionSchema)) body: DeployProductionBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.deployProduction(id, body, caller);
  }

  @Post(':id/revert-production')
  @Decision('Revert a live import to its previous production version, through the same saga', revertProductionSchema, {
    revert: { value: { by: 'ops.marc', reason: 'The new version misses part-time offers' } },
  })
  revertProduction(@Param('id', idPipe) id: string, @Body(new ZodPipe(revertProductionSchema)) body: RevertProductionBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.revertProduction(id, body, caller);
  }

  @Post(':id/verification-decision')
  @Decision('After a failed post-deploy verification (a lead or ops): check again, or revert to the previous production version', verificationDecisionSchema, {
    reverify: { value: { by: 'ops.marc', decision: 'reverify', comment: 'Production re-run after the site came back' } },
    revert: { value: { by: 'ops.marc', decision: 'revert', comment: 'The fix loses a third of the offers' } },
  })
  verificationDecision(@Param('id', idPipe) id: string, @Body(new ZodPipe(verificationDecisionSchema)) body: VerificationDecisionBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.verificationDecision(id, body, caller);
  }

  @Post(':id/complete-hand-off')
  @Decision("Account management's final-install checklist (every item true) → `live`", completeHandOffSchema, {
    done: { value: { by: 'am.claire', appActivated: true, campaignsStarted: true } },
  })
  completeHandOff(@Param('id', idPipe) id: string, @Body(new ZodPipe(completeHandOffSchema)) body: CompleteHandOffBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.completeHandOff(id, body, caller);
  }

  @Post(':id/start-maintenance')
  @Decision('A fix on a live import: back to development for the current assignee (no client validation unless asked for)', startMaintenanceSchema, {
    incident: { value: { by: 'lead.sophie', reason: 'The site moved its list to /carrieres', incidentId: 'inc-42' } },
    withClient: { value: { by: 'lead.sophie', reason: 'The client wants the salary shown', clientValidation: true } },
  })
  startMaintenance(@Param('id', idPipe) id: string, @Body(new ZodPipe(startMaintenanceSchema)) body: StartMaintenanceBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.startMaintenance(id, body, caller);
  }

  @Post(':id/cancel')
  @Decision('Cancel the import: staging schedule removed, staging jobs closed, lifecycle ended', cancelSchema, {
    cancel: { value: { by: 'am.claire', reason: 'The client moved to another job board' } },
  })
  cancel(@Param('id', idPipe) id: string, @Body(new ZodPipe(cancelSchema)) body: CancelBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.cancel(id, body, caller);
  }

  @Post(':id/block')
  @Decision('Mark the import blocked (before live or during a fix): kind, reason, who is waited on; reminders go to them', blockSchema, {
    client: { value: { kind: 'client_information', reason: 'Which offers are internal only?', waitingOn: 'client: Acme HR' } },
    technical: { value: { kind: 'technical', reason: 'The feed needs an IP allow-list on their side', waitingOn: 'ops.marc' } },
  })
  block(@Param('id', idPipe) id: string, @Body(new ZodPipe(blockSchema)) body: BlockBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.block(id, body, caller);
  }

  @Post(':id/unblock')
  @Decision('End the block, saying what resolved it', unblockSchema, { answered: { value: { resolution: 'The client listed the internal offers' } } })
  unblock(@Param('id', idPipe) id: string, @Body(new ZodPipe(unblockSchema)) body: UnblockBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.unblock(id, body, caller);
  }

  @Post(':id/reassign')
  @Decision("Hand the import over to another developer (the lead), whatever the stage: e.g. its assignee is away", reassignSchema, {
    away: { value: { assignee: 'dev.bruno', reason: 'dev.alice away until 2026-12-20' } },
  })
  reassign(@Param('id', idPipe) id: string, @Body(new ZodPipe(reassignSchema)) body: ReassignBody, @CurrentCaller() caller: Caller) {
    return this.lifecycle.reassign(id, body, caller);
  }

  @Get(':id/actions')
  @ApiOperation({ summary: 'The decisions the caller may take now (their role, the stage, the state), each with its route and request schema' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The caller, the stage and the available decisions, in the order of the process' })
  @ApiResponse({ status: 404, description: 'No such import' })
  actions(@Param('id', idPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.lifecycle.actions(id, caller);
  }

  @Get(':id/notifications')
  @ApiOperation({ summary: 'Reminders and escalations sent for the import, newest first' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 404, description: 'No such import' })
  notifications(@Param('id', idPipe) id: string) {
    return this.lifecycle.notifications(id);
  }
}
