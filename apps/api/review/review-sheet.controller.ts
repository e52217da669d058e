import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { answerSheetSchema, type AnswerSheetBody } from './review-sheet.dto';
import { ReviewSheetService } from './review-sheet.service';

const idPipe = new ZodPipe(importIdSchema, 'path');

@ApiTags('review')
@ApiBearerAuth()
@Controller()
export class ReviewSheetController {
  constructor(@Inject(ReviewSheetService) private readonly sheets: ReviewSheetService) {}

  @Get('review-practices')
  @ApiOperation({ summary: "The team's review practices: id, text, why (the failure it prevents), automatic or not" })
  practices() {
    return this.sheets.practices();
  }

  @Get('review-practices/stats')
  @ApiOperation({ summary: 'For the lead: per practice, how often it failed over every reviewed revision (and was waived)' })
  stats() {
    return this.sheets.stats();
  }

  @Get('imports/:id/review-sheet')
  @ApiOperation({ summary: 'The sheet of the revision under review: automatic results with figures, answers, what failed in the previous revision' })
  @ApiParam({ name: 'id', format: 'uuid' })
  sheet(@Param('id', idPipe) id: string) {
    return this.sheets.sheet(id);
  }

  @Put('imports/:id/review-sheet')
  @ApiOperation({ summary: 'The reviewer answers practices: ok, not_applicable (why), problem (what to change), waived (a failing automatic one, why)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({
    schema: openApi(answerSheetSchema),
    examples: {
      answers: {
        value: {
          revision: 1,
          answers: [
            { practice: 'stable_external_ids', answer: 'ok' },
            { practice: 'declared_encoding', answer: 'not_applicable', comment: 'JSON API, UTF-8 by specification' },
            { practice: 'no_private_addresses', answer: 'waived', comment: 'Fixture site on 127.0.0.1 in the demo' },
          ],
        },
      },
    },
  })
  answer(@Param('id', idPipe) id: string, @Body(new ZodPipe(answerSheetSchema)) body: AnswerSheetBody, @CurrentCaller() caller: Caller) {
    return this.sheets.answer(id, body, caller);
  }
}
