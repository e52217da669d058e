import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { EnvironmentName } from '../../../contracts';
import { actorOf, CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { decisionSchema, environmentSchema, importConfigSchema, listRunsSchema, revertSchema, runIdSchema, startRunSchema, type ImportConfigBody } from './runs.dto';
import { RunsService } from './runs.service';

const idPipe = new ZodPipe(importIdSchema, 'path');
const envPipe = new ZodPipe(environmentSchema, 'path');
const runIdPipe = new ZodPipe(runIdSchema, 'path');

@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(@Inject(RunsService) private readonly runs: RunsService) {}

  @Put('imports/:id/environments/:env/config')
  @ApiOperation({ summary: "Set the import's configuration for an environment (validated by the importer's own schema)" })
  @ApiParam({ name: 'env', enum: ['staging', 'production'] })
  @ApiBody({
    schema: openApi(importConfigSchema),
    examples: { greenhouse: { value: { importerKey: 'greenhouse', config: { boardToken: 'acme' }, checks: { countDrop: { maxDropRatio: 0.3 } }, schedule: '0 6 * * *' } } },
  })
  saveConfig(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName, @Body(new ZodPipe(importConfigSchema)) body: ImportConfigBody) {
    return this.runs.saveConfig(id, env, body);
  }

  @Get('imports/:id/environments/:env/config')
  getConfig(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName) {
    return this.runs.getConfig(id, env);
  }

  @Post('imports/:id/environments/:env/runs')
  @ApiOperation({ summary: 'Start a run now, outside the schedule' })
  @ApiBody({ schema: openApi(startRunSchema) })
  start(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName, @Body(new ZodPipe(startRunSchema)) body: z.infer<typeof startRunSchema>) {
    return this.runs.start(id, env, body);
  }

  @Get('imports/:id/runs')
  @ApiOperation({ summary: "The import's runs, newest first, with counts and check results" })
  list(@Param('id', idPipe) id: string, @Query(new ZodPipe(listRunsSchema, 'query')) query: z.infer<typeof listRunsSchema>) {
    return this.runs.list(id, query.environment, query.limit, query.offset);
  }

  @Get('imports/:id/alerts')
  @ApiOperation({ summary: "The import's alerts (quarantined and failed runs) with their context" })
  alerts(@Param('id', idPipe) id: string) {
    return this.runs.alerts(id);
  }

  @Get('runs/:runId')
  @ApiParam({ name: 'runId', format: 'uuid' })
  get(@Param('runId', runIdPipe) runId: string) {
    return this.runs.get(runId);
  }

  @Post('runs/:runId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Apply anyway or discard a quarantined run (a workflow update)' })
  @ApiBody({ schema: openApi(decisionSchema) })
  decide(@Param('runId', runIdPipe) runId: string, @Body(new ZodPipe(decisionSchema)) body: z.infer<typeof decisionSchema>, @CurrentCaller() caller: Caller) {
    return this.runs.decide(runId, { ...body, by: actorOf(caller, body.by) });
  }

  @Post('runs/:runId/revert')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revert an applied run from its change log (the latest applied run first)' })
  @ApiBody({ schema: openApi(revertSchema) })
  revert(@Param('runId', runIdPipe) runId: string, @Body(new ZodPipe(revertSchema)) body: z.infer<typeof revertSchema>, @CurrentCaller() caller: Caller) {
    return this.runs.revert(runId, actorOf(caller, body.by), body.reason);
  }
}
