import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema } from '../imports/imports.dto';
import { suggestionsQuerySchema, type SuggestionsQuery } from '../team/absences.dto';
import { boardQuerySchema, type BoardQuery } from './planning.dto';
import { PlanningService } from './planning.service';

@ApiTags('planning')
@ApiBearerAuth()
@Controller()
export class PlanningController {
  constructor(@Inject(PlanningService) private readonly planning: PlanningService) {}

  @Get('planning/workload')
  @ApiOperation({ summary: 'Each developer: open estimated days of their assigned imports not yet live, against their weekly capacity' })
  workload() {
    return this.planning.workload();
  }

  @Get('planning/board')
  @ApiOperation({ summary: 'Imports by stage (lifecycle order), each column by priority then wanted date, with the assignee and the days in the stage' })
  @ApiQuery({ name: 'stages', required: false, example: 'planned,assigned,in_development' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } })
  board(@Query(new ZodPipe(boardQuerySchema, 'query')) query: BoardQuery) {
    return this.planning.board(query);
  }

  @Get('imports/:id/assignment-suggestions')
  @ApiOperation({ summary: 'Developers ranked for this import: matching skills (its kind, its importer/ATS) first, then free capacity; each with the reason. Developers away on `on` (default today) are skipped and listed under `away`' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'on', required: false, example: '2026-12-14' })
  suggestions(@Param('id', new ZodPipe(importIdSchema, 'path')) id: string, @Query(new ZodPipe(suggestionsQuerySchema, 'query')) query: SuggestionsQuery) {
    return this.planning.suggestions(id, query.on);
  }
}
