import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { answerSchema, askSchema, listQuestionsSchema, questionIdSchema, type AnswerBody, type AskBody, type ListQuestions } from './questions.dto';
import { QuestionsService } from './questions.service';

const idPipe = new ZodPipe(importIdSchema, 'path');

@ApiTags('questions')
@ApiBearerAuth()
@Controller('imports/:id/questions')
export class QuestionsController {
  constructor(@Inject(QuestionsService) private readonly questions: QuestionsService) {}

  @Get()
  @ApiOperation({ summary: "The import's questions and comments, oldest first; `open=true` for unanswered ones" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'open', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  list(@Param('id', idPipe) id: string, @Query(new ZodPipe(listQuestionsSchema, 'query')) query: ListQuestions) {
    return this.questions.list(id, query);
  }

  @Post()
  @ApiOperation({ summary: 'Ask a question on the import: the other side is notified (the assignee or lead for account management, the account manager for the team)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: openApi(askSchema), examples: { ask: { value: { text: 'Le client veut-il les offres de stage ?' } } } })
  ask(@Param('id', idPipe) id: string, @Body(new ZodPipe(askSchema)) body: AskBody, @CurrentCaller() caller: Caller) {
    return this.questions.ask(id, body, caller);
  }

  @Post(':questionId/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer a question (not its author); the author is notified' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'questionId', type: 'integer' })
  @ApiBody({ schema: openApi(answerSchema), examples: { answer: { value: { answer: 'Oui, avec le type de contrat « Stage ».' } } } })
  answer(@Param('id', idPipe) id: string, @Param('questionId', new ZodPipe(questionIdSchema, 'path')) questionId: number, @Body(new ZodPipe(answerSchema)) body: AnswerBody, @CurrentCaller() caller: Caller) {
    return this.questions.answer(id, questionId, body, caller);
  }
}
