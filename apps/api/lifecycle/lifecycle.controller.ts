import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TRANSITIONS, type DecisionName } from '../../../contracts';
import { CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { bodyPipe, bodySchema, type BodyOf } from './lifecycle.dto';
import { LifecycleService } from './lifecycle.service';

const idPipe = new ZodPipe(importIdSchema, 'path');

/** A decision's route as the transitions table describes it (path, summary, body), with examples and the workflow's answers. */
function Decision(decision: DecisionName, examples: Record<string, { summary?: string; value: unknown }>) {
  const t = TRANSITIONS[decision];
  return applyDecorators(
    Post(`:id/${t.route}`),
    HttpCode(200),
    ApiOperation({ summary: `${t.summary} (a workflow update, validated by the workflow)` }),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiBody({ schema: openApi(bodySchema(decision)), examples }),
    ApiResponse({ status: 200, description: 'Accepted: the new lifecycle state, with the history of decisions' }),
    ApiResponse({ status: 400, description: 'Invalid body; `error.details.fields` lists each field' }),
    ApiResponse({ status: 404, description: 'No such import' }),
    ApiResponse({ status: 409, description: 'Not accepted in the current stage (`wrong_stage`), or the lifecycle has ended' }),
    ApiResponse({ status: 422, description: 'Refused by the workflow: wrong person, missing comments, invalid configuration…' }),
  );
}

const greenhouse = { boardToken: 'acme', contractTypeField: 'Type de contrat' };

/** Every decision of the transitions table, one route each (the permission table and the audit key them by path). */
@ApiTags('lifecycle')
@Controller('imports')
export class LifecycleController {
  constructor(@Inject(LifecycleService) private readonly lifecycle: LifecycleService) {}

  @Decision('estimate', { estimate: { value: { estimator: 'dev.lucas', days: 3, comment: 'Two list layouts' } } })
  estimate(@Param('id', idPipe) id: string, @Body(bodyPipe('estimate')) body: BodyOf<'estimate'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'estimate', body, caller);
  }

  @Decision('plan', { plan: { value: { by: 'lead.ines', priority: 2, wantedDate: '2026-09-15', comment: 'Before the autumn campaign' } } })
  plan(@Param('id', idPipe) id: string, @Body(bodyPipe('plan')) body: BodyOf<'plan'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'plan', body, caller);
  }

  @Decision('assign', { assign: { value: { assignee: 'dev.ana', by: 'lead.ines' } } })
  assign(@Param('id', idPipe) id: string, @Body(bodyPipe('assign')) body: BodyOf<'assign'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'assign', body, caller);
  }

  @Decision('startDevelopment', { start: { value: { by: 'dev.ana' } } })
  startDevelopment(@Param('id', idPipe) id: string, @Body(bodyPipe('startDevelopment')) body: BodyOf<'startDevelopment'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'startDevelopment', body, caller);
  }

  @Decision('submitForReview', {
    greenhouse: {
      summary: 'A client on Greenhouse: configuration only',
      value: { by: 'dev.ana', version: 'a1b2c3d', importerKey: 'greenhouse', config: greenhouse, schedule: '0 6 * * *', comment: 'Board token checked with the client' },
    },
  })
  submitReview(@Param('id', idPipe) id: string, @Body(bodyPipe('submitForReview')) body: BodyOf<'submitForReview'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.submitReview(id, body, caller);
  }

  @Decision('review', {
    approve: { value: { by: 'dev.bob', decision: 'approve' } },
    requestChanges: { value: { by: 'dev.bob', decision: 'request_changes', comments: 'Dates are parsed as local time: use UTC' } },
  })
  review(@Param('id', idPipe) id: string, @Body(bodyPipe('review')) body: BodyOf<'review'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.review(id, body, caller);
  }

  @Decision('deployStaging', { deploy: { value: { by: 'dev.bob' } } })
  deployStaging(@Param('id', idPipe) id: string, @Body(bodyPipe('deployStaging')) body: BodyOf<'deployStaging'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'deployStaging', body, caller);
  }

  @Decision('clientDecision', {
    validate: { value: { by: 'am.claire', decision: 'validate' } },
    feedback: { value: { by: 'am.claire', decision: 'feedback', comments: 'The salary is missing on part-time offers' } },
  })
  clientDecision(@Param('id', idPipe) id: string, @Body(bodyPipe('clientDecision')) body: BodyOf<'clientDecision'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'clientDecision', body, caller);
  }

  @Decision('deployProduction', { deploy: { value: { by: 'ops.marc', comment: 'Validated by the client on Monday' } } })
  deployProduction(@Param('id', idPipe) id: string, @Body(bodyPipe('deployProduction')) body: BodyOf<'deployProduction'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'deployProduction', body, caller);
  }

  @Decision('revertProduction', { revert: { value: { by: 'ops.marc', reason: 'The new version misses part-time offers' } } })
  revertProduction(@Param('id', idPipe) id: string, @Body(bodyPipe('revertProduction')) body: BodyOf<'revertProduction'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'revertProduction', body, caller);
  }

  @Decision('verificationDecision', {
    reverify: { value: { by: 'ops.marc', decision: 'reverify', comment: 'Production re-run after the site came back' } },
    revert: { value: { by: 'ops.marc', decision: 'revert', comment: 'The fix loses a third of the offers' } },
  })
  verificationDecision(@Param('id', idPipe) id: string, @Body(bodyPipe('verificationDecision')) body: BodyOf<'verificationDecision'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'verificationDecision', body, caller);
  }

  @Decision('completeHandOff', { done: { value: { by: 'am.claire', appActivated: true, campaignsStarted: true } } })
  completeHandOff(@Param('id', idPipe) id: string, @Body(bodyPipe('completeHandOff')) body: BodyOf<'completeHandOff'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'completeHandOff', body, caller);
  }

  @Decision('startMaintenance', {
    incident: { value: { by: 'lead.sophie', reason: 'The site moved its list to /carrieres', incidentId: 'inc-42' } },
    withClient: { value: { by: 'lead.sophie', reason: 'The client wants the salary shown', clientValidation: true } },
  })
  startMaintenance(@Param('id', idPipe) id: string, @Body(bodyPipe('startMaintenance')) body: BodyOf<'startMaintenance'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'startMaintenance', body, caller);
  }

  @Decision('cancel', { cancel: { value: { by: 'am.claire', reason: 'The client moved to another job board' } } })
  cancel(@Param('id', idPipe) id: string, @Body(bodyPipe('cancel')) body: BodyOf<'cancel'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'cancel', body, caller);
  }

  @Decision('block', {
    client: { value: { kind: 'client_information', reason: 'Which offers are internal only?', waitingOn: 'client: Acme HR' } },
    technical: { value: { kind: 'technical', reason: 'The feed needs an IP allow-list on their side', waitingOn: 'ops.marc' } },
  })
  block(@Param('id', idPipe) id: string, @Body(bodyPipe('block')) body: BodyOf<'block'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'block', body, caller);
  }

  @Decision('unblock', { answered: { value: { resolution: 'The client listed the internal offers' } } })
  unblock(@Param('id', idPipe) id: string, @Body(bodyPipe('unblock')) body: BodyOf<'unblock'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'unblock', body, caller);
  }

  @Decision('reassign', { away: { value: { assignee: 'dev.bruno', reason: 'dev.alice away until 2026-12-20' } } })
  reassign(@Param('id', idPipe) id: string, @Body(bodyPipe('reassign')) body: BodyOf<'reassign'>, @CurrentCaller() caller: Caller) {
    return this.lifecycle.decide(id, 'reassign', body, caller);
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
