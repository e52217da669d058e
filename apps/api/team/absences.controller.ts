import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { openApi } from '../imports/imports.dto';
import { absenceIdSchema, createAbsenceSchema, type CreateAbsence } from './absences.dto';
import { AbsencesService } from './absences.service';
import { handleSchema } from './team.dto';

const handlePipe = new ZodPipe(handleSchema, 'path');

@ApiTags('team')
@ApiBearerAuth()
@Controller('team/members/:handle')
export class AbsencesController {
  constructor(@Inject(AbsencesService) private readonly absences: AbsencesService) {}

  @Get('absences')
  @ApiOperation({ summary: "A member's current and coming absences" })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  list(@Param('handle', handlePipe) handle: string) {
    return this.absences.list(handle);
  }

  @Post('absences')
  @ApiOperation({ summary: 'Mark the member away from/to (whole days, both included; the member or the lead): suggestions skip them, their reminders go to the lead' })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  @ApiBody({ schema: openApi(createAbsenceSchema), examples: { holiday: { value: { from: '2026-12-21', to: '2027-01-03', reason: 'Holiday' } } } })
  @ApiResponse({ status: 201, description: 'The absence' })
  @ApiResponse({ status: 409, description: 'It overlaps another absence of the member' })
  create(@Param('handle', handlePipe) handle: string, @Body(new ZodPipe(createAbsenceSchema)) body: CreateAbsence, @CurrentCaller() caller: Caller) {
    return this.absences.create(handle, body, caller);
  }

  @Delete('absences/:absenceId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove an absence (the member or the lead)' })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  @ApiParam({ name: 'absenceId', schema: { type: 'integer' } })
  remove(@Param('handle', handlePipe) handle: string, @Param('absenceId', new ZodPipe(absenceIdSchema, 'path')) id: number) {
    return this.absences.remove(handle, id);
  }

  @Get('hand-over')
  @ApiOperation({ summary: "For the lead: the member's open imports (each with a suggested developer and the decision that hands it over) and the reviews they started" })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  handOver(@Param('handle', handlePipe) handle: string) {
    return this.absences.handOver(handle);
  }
}
