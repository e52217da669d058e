import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { EnvironmentName } from '../../../contracts';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { backfillSchema, environmentSchema, pauseSchema } from '../runs/runs.dto';
import { SchedulesService } from './schedules.service';

const idPipe = new ZodPipe(importIdSchema, 'path');
const envPipe = new ZodPipe(environmentSchema, 'path');
const upsertSchema = z.strictObject({ paused: z.boolean().optional() });

@ApiTags('schedules')
@ApiParam({ name: 'id', format: 'uuid' })
@ApiParam({ name: 'env', enum: ['staging', 'production'] })
@Controller('imports/:id/environments/:env/schedule')
export class SchedulesController {
  constructor(@Inject(SchedulesService) private readonly schedules: SchedulesService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Create or update the import's Temporal Schedule (cron from its configuration, overlap skip)" })
  @ApiBody({ schema: openApi(upsertSchema) })
  upsert(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName, @Body(new ZodPipe(upsertSchema)) body: z.infer<typeof upsertSchema>) {
    return this.schedules.upsert(id, env, body);
  }

  @Get()
  @ApiOperation({ summary: 'The schedule: cron, paused, next and recent runs' })
  describe(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName) {
    return this.schedules.describe(id, env);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiBody({ schema: openApi(pauseSchema) })
  pause(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName, @Body(new ZodPipe(pauseSchema)) body: z.infer<typeof pauseSchema>) {
    return this.schedules.pause(id, env, body.note);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiBody({ schema: openApi(pauseSchema) })
  resume(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName, @Body(new ZodPipe(pauseSchema)) body: z.infer<typeof pauseSchema>) {
    return this.schedules.resume(id, env, body.note);
  }

  @Post('trigger')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run now through the schedule' })
  trigger(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName) {
    return this.schedules.trigger(id, env);
  }

  @Post('backfill')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the runs the schedule would have taken between start and end' })
  @ApiBody({ schema: openApi(backfillSchema) })
  backfill(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName, @Body(new ZodPipe(backfillSchema)) body: z.infer<typeof backfillSchema>) {
    return this.schedules.backfill(id, env, body.start, body.end);
  }

  @Delete()
  remove(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName) {
    return this.schedules.remove(id, env);
  }
}
