import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../common/tokens';
import type { Database } from '../../../db/client';
import { DEFAULT_LEAD } from '../../../contracts';
import type { Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import type { AnswerBody, AskBody, ListQuestions } from './questions.dto';
import { answerQuestion, askQuestion, findQuestion, importSides, questionsPage } from '../../../db/queries/questions';

@Injectable()
export class QuestionsService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * The other side answers: account management's questions go to the assignee (else the planning lead, else
   * the team's lead queue); the team's go to the account manager who filed the import.
   */
  async ask(importId: string, body: AskBody, caller: Caller) {
    const sides = await this.sides(importId);
    const addressedTo = caller.role === 'account_manager' ? (sides.assignee ?? sides.plannedBy ?? DEFAULT_LEAD) : sides.requestedBy;
    return askQuestion(this.db, { importId, askedBy: caller.handle, askedRole: caller.role, addressedTo, text: body.text }, sides.stage);
  }

  async answer(importId: string, id: number, body: AnswerBody, caller: Caller) {
    const sides = await this.sides(importId);
    const question = await findQuestion(this.db, importId, id);
    if (!question) throw new ApiError(404, 'question_not_found', `Import ${importId} has no question ${id}`);
    if (question.askedBy === caller.handle) throw new ApiError(422, 'own_question', 'The other side answers a question, not its author: add a new question to complete it');
    if (question.answeredAt) throw new ApiError(409, 'already_answered', `Question ${id} was answered by ${question.answeredBy}`);
    const answered = await answerQuestion(this.db, importId, id, caller.handle, body.answer, sides.stage);
    if (!answered) throw new ApiError(409, 'already_answered', `Question ${id} was answered meanwhile`);
    return answered;
  }

  async list(importId: string, query: ListQuestions) {
    await this.sides(importId);
    const { items, total } = await questionsPage(this.db, importId, query);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  private async sides(importId: string) {
    const sides = await importSides(this.db, importId);
    if (!sides) throw new ApiError(404, 'import_not_found', `No import with id ${importId}`);
    return sides;
  }
}
