import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { actorOf, CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { incidentDecisionSchema, incidentIdSchema, listIncidentsSchema, muteSchema, resolveIncidentSchema, type IncidentDecisionRequest, type ListIncidents, type MuteRequest, type ResolveIncidentBody } from './incidents.dto';
import { IncidentsService } from './incidents.service';

const idPipe = new ZodPipe(incidentIdSchema, 'path');

@ApiTags('incidents')
@Controller()
export class IncidentsController {
  constructor(@Inject(IncidentsService) private readonly incidents: IncidentsService) {}

  @Get('incidents')
  @ApiOperation({ summary: 'Incidents, latest seen first; filter by importId, environment, kind, status (open, acknowledged, resolved, active)' })
  list(@Query(new ZodPipe(listIncidentsSchema, 'query')) query: ListIncidents) {
    return this.incidents.list(query);
  }

  @Get('incidents/:id')
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiOperation({ summary: 'One incident with its whole context, its events and the notifications sent' })
  get(@Param('id', idPipe) id: number) {
    return this.incidents.get(id);
  }

  @Post('incidents/:id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Someone is on it: stops the escalation (an update of the health workflow)' })
  @ApiBody({ schema: openApi(incidentDecisionSchema) })
  acknowledge(@Param('id', idPipe) id: number, @Body(new ZodPipe(incidentDecisionSchema)) body: IncidentDecisionRequest, @CurrentCaller() caller: Caller) {
    return this.incidents.acknowledge(id, { ...body, by: actorOf(caller, body.by) });
  }

  @Post('incidents/:id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: "Resolve by hand (a good run resolves on its own): cause and fix required, appended to the dossier's incident log" })
  @ApiBody({ schema: openApi(resolveIncidentSchema), examples: { fixed: { value: { cause: 'The site moved its list to /carrieres', fix: 'Selectors updated, maintenance 3' } } } })
  resolve(@Param('id', idPipe) id: number, @Body(new ZodPipe(resolveIncidentSchema)) body: ResolveIncidentBody, @CurrentCaller() caller: Caller) {
    return this.incidents.resolve(id, { ...body, by: actorOf(caller, body.by) });
  }

  @Post('imports/:id/mute')
  @HttpCode(200)
  @ApiOperation({ summary: "Silence the import's incident notifications until a time" })
  @ApiBody({ schema: openApi(muteSchema), examples: { week: { value: { until: '2026-12-05T08:00:00Z', by: 'ops.marc', reason: 'Client migrating its site' } } } })
  mute(@Param('id', new ZodPipe(importIdSchema, 'path')) id: string, @Body(new ZodPipe(muteSchema)) body: MuteRequest, @CurrentCaller() caller: Caller) {
    return this.incidents.mute(id, { ...body, by: actorOf(caller, body.by) });
  }
}
