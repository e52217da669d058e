import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import type { Client } from '@temporalio/client';
import { lifecycleWorkflowId, REVIEW_PRACTICES, REVIEW_PRACTICES_VERSION, stateQuery, type ImporterSubmission, type PracticeResult } from '../../../contracts';
import type { Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { DATABASE, TEMPORAL_CLIENT } from '../common/tokens';
import { DossierRepository } from '../dossier/dossier.repository';
import { ImportsService } from '../imports/imports.service';
import { evaluatePractices } from './practices.evaluate';
import type { AnswerSheetBody } from './review-sheet.dto';
import { answerReviewSheet, currentReviewRevision, openReviewSheet, practiceStats, reviewAuthor, reviewSheetRowsOf, type ReviewSheetRow } from '../../../db/queries/review-sheets';

/** What failed on a revision: a reviewer's "problem", or an automatic result failing and not waived. */
const failed = (row: ReviewSheetRow): boolean => row.answer === 'problem' || (row.result?.status === 'fail' && row.answer !== 'waived');

/**
 * The review sheet: the team's practices (contracts/review-practices.ts) on each submitted revision. The
 * platform fills the automatic ones when the revision is submitted; the reviewer answers the rest; the
 * approval waits for all of them (LifecycleService.review asks `expectApprovable`).
 */
@Injectable()
export class ReviewSheetService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(DossierRepository) private readonly dossiers: DossierRepository,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  practices() {
    return { version: REVIEW_PRACTICES_VERSION, items: REVIEW_PRACTICES };
  }

  /**
   * With the submission accepted by the workflow: the dossier version it carries is marked, and the sheet opened
   * with the automatic practices computed from it. Written after the update, never before: a refused update
   * (wrong stage, not the assignee) must leave no sheet for a revision that does not exist. Should this fail after
   * the update succeeded, `catchUp` writes it from the workflow's state at the next read or answer of the sheet.
   * Idempotent.
   */
  async opened(importId: string, revision: number, submission: Pick<ImporterSubmission, 'config' | 'checks' | 'fetchPolicy' | 'schedule'>, dossierVersion: number): Promise<void> {
    await this.dossiers.markSubmitted(importId, dossierVersion, revision);
    await this.dossiers.markApprovedFromDecisions(importId);
    const [dossier, approved] = await Promise.all([this.dossiers.version(importId, dossierVersion), this.dossiers.lastApproved(importId)]);
    const results = evaluatePractices({ submission, dossier: dossier ? { version: dossier.version, sections: dossier.sections } : null, lastApprovedDossierVersion: approved?.version ?? null });
    await openReviewSheet(this.db, importId, revision, results);
  }

  /**
   * The sheet of the revision the workflow has under review, opened if the write after the submission was lost
   * (the dossier version is then the latest written at or before the submission). Without it, an approval would
   * be judged on the previous revision's sheet, or on none.
   */
  private async catchUp(importId: string): Promise<void> {
    const row = await this.imports.get(importId);
    if (row.stage !== 'in_review') return;
    const state = await this.client.workflow
      .getHandle(lifecycleWorkflowId(importId))
      .query(stateQuery)
      .catch(() => null);
    const submission = state?.stage === 'in_review' ? state.submission : null;
    if (!submission || ((await currentReviewRevision(this.db, importId)) ?? 0) >= submission.revision) return;
    const dossier = await this.dossiers.versionAt(importId, submission.at);
    if (dossier) await this.opened(importId, submission.revision, submission, dossier.version);
  }

  async sheet(importId: string) {
    await this.catchUp(importId);
    const revision = await currentReviewRevision(this.db, importId);
    if (revision === null) throw new ApiError(404, 'no_review_sheet', `Import ${importId} has not been submitted for review yet`);
    const [rows, previous] = await Promise.all([reviewSheetRowsOf(this.db, importId, revision), revision > 1 ? reviewSheetRowsOf(this.db, importId, revision - 1) : Promise.resolve([])]);
    const byId = new Map(rows.map((r) => [r.practiceId, r]));
    const practices = REVIEW_PRACTICES.map((p) => {
      const row = byId.get(p.id);
      const answer = row?.answer ? { answer: row.answer, comment: row.comment, by: row.answeredBy, at: row.answeredAt } : null;
      return { ...p, result: row?.result ?? null, answer, state: state(row) };
    });
    const carriedOver = inOrder(previous).filter(failed).map((r) => ({ practice: r.practiceId, revision: r.revision, result: r.result, answer: r.answer, comment: r.comment, by: r.answeredBy }));
    const { unanswered, failing, problems } = blockers(rows);
    return { importId, revision, practicesVersion: REVIEW_PRACTICES_VERSION, practices, carriedOver, approvable: unanswered.length + failing.length + problems.length === 0, unanswered, failing, problems };
  }

  async answer(importId: string, body: AnswerSheetBody, caller: Caller) {
    await this.catchUp(importId);
    const revision = await currentReviewRevision(this.db, importId);
    if (revision === null) throw new ApiError(404, 'no_review_sheet', `Import ${importId} has not been submitted for review yet`);
    if (body.revision !== revision) throw new ApiError(409, 'stale_review_sheet', `Revision ${body.revision} is not the one under review (${revision})`, { revision });
    const author = await reviewAuthor(this.db, importId, revision);
    if (author === caller.handle) throw new ApiError(403, 'self_review', `${caller.handle} submitted revision ${revision}: its review sheet is answered by another developer`);
    const rows = new Map((await reviewSheetRowsOf(this.db, importId, revision)).map((r) => [r.practiceId, r]));
    const fields = body.answers.flatMap((a, i) => {
      const result: PracticeResult | null = rows.get(a.practice)?.result ?? null;
      const problem = answerProblem(a.answer, a.comment, result);
      return problem ? [{ field: `answers.${i}`, message: `${a.practice}: ${problem}` }] : [];
    });
    if (fields.length > 0) throw new ApiError(422, 'invalid_answer', fields.map((f) => f.message).join('; '), { fields });
    await answerReviewSheet(this.db, importId, revision, body.answers.map((a) => ({ practice: a.practice, answer: a.answer, comment: a.comment ?? null })), caller.handle);
    return this.sheet(importId);
  }

  /** Refuses an approval (422) while a practice is unanswered, a problem is open or an automatic one fails unwaived. */
  async expectApprovable(importId: string): Promise<void> {
    await this.catchUp(importId);
    const revision = await currentReviewRevision(this.db, importId);
    // Submissions from before the review sheet existed have none: the workflow's own rules judge them.
    if (revision === null) return;
    const { unanswered, failing, problems } = blockers(await reviewSheetRowsOf(this.db, importId, revision));
    if (unanswered.length + failing.length + problems.length === 0) return;
    const parts = [
      unanswered.length ? `unanswered: ${unanswered.join(', ')}` : '',
      failing.length ? `failing automatic checks (fix, or waive with a reason): ${failing.join(', ')}` : '',
      problems.length ? `problems raised (request changes instead): ${problems.join(', ')}` : '',
    ].filter(Boolean);
    throw new ApiError(422, 'review_incomplete', `Revision ${revision} cannot be approved yet: ${parts.join('; ')}`, { revision, unanswered, failing, problems });
  }

  async stats() {
    const counts = new Map((await practiceStats(this.db)).map((s) => [s.practiceId, s]));
    return {
      practicesVersion: REVIEW_PRACTICES_VERSION,
      items: REVIEW_PRACTICES.map((p) => ({ practice: p.id, automatic: p.automatic, revisions: counts.get(p.id)?.revisions ?? 0, failures: counts.get(p.id)?.failures ?? 0, waived: counts.get(p.id)?.waived ?? 0 })).sort(
        (a, b) => b.failures - a.failures || a.practice.localeCompare(b.practice),
      ),
    };
  }
}

function state(row: ReviewSheetRow | undefined): 'pass' | 'fail' | 'waived' | 'ok' | 'not_applicable' | 'problem' | 'unanswered' {
  if (row?.answer) return row.answer;
  return row?.result?.status ?? 'unanswered';
}

const ORDER = new Map<string, number>(REVIEW_PRACTICES.map((p, i) => [p.id, i]));
const inOrder = (rows: ReviewSheetRow[]) => [...rows].sort((a, b) => (ORDER.get(a.practiceId) ?? 99) - (ORDER.get(b.practiceId) ?? 99));

/** What stands between the revision and an approval, in the practices' order. */
function blockers(unordered: ReviewSheetRow[]) {
  const rows = inOrder(unordered);
  const unanswered = rows.filter((r) => !r.result && !r.answer).map((r) => r.practiceId);
  const failing = rows.filter((r) => r.result?.status === 'fail' && r.answer !== 'waived').map((r) => r.practiceId);
  const problems = rows.filter((r) => r.answer === 'problem').map((r) => r.practiceId);
  return { unanswered, failing, problems };
}

/** Why an answer does not fit the practice, or null. */
function answerProblem(answer: string, comment: string | undefined, result: PracticeResult | null): string | null {
  if (answer !== 'ok' && !comment) return `"${answer}" needs a comment (${answer === 'problem' ? 'what to change' : 'why'})`;
  if (answer === 'waived' && result?.status !== 'fail') return 'only a failing automatic practice is waived';
  if (answer === 'ok' && result?.status === 'fail') return 'the automatic check fails: fix the submission, or waive it with a reason';
  return null;
}
