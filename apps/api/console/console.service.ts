import { Inject, Injectable } from '@nestjs/common';
import type { EnvironmentName, LifecycleState } from '../../../contracts';
import type { Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { putDossierSchema } from '../dossier/dossier.dto';
import { DossierService } from '../dossier/dossier.service';
import { ImportsService } from '../imports/imports.service';
import { JobsService } from '../jobs/jobs.service';
import { PlanningService } from '../planning/planning.service';
import { answerSchema, askSchema, questionIdSchema } from '../questions/questions.dto';
import { QuestionsService } from '../questions/questions.service';
import { answerSheetSchema } from '../review/review-sheet.dto';
import { ReviewSheetService } from '../review/review-sheet.service';
import { RunsService } from '../runs/runs.service';
import { mayCall } from './access';
import { ConsoleRepository } from './console.repository';
import { availableForms } from './decisions';
import type { MyWork } from './views/home';
import type { ImportPageData } from './views/import';

/** What the console's pages show, gathered from the API's own services (the same reads the JSON routes give). */
@Injectable()
export class ConsoleService {
  constructor(
    @Inject(ConsoleRepository) private readonly repository: ConsoleRepository,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(PlanningService) private readonly planning: PlanningService,
    @Inject(QuestionsService) private readonly questions: QuestionsService,
    @Inject(DossierService) private readonly dossiers: DossierService,
    @Inject(ReviewSheetService) private readonly sheets: ReviewSheetService,
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  /** What waits on the caller, by role. */
  async myWork(caller: Caller): Promise<MyWork> {
    const r = this.repository;
    const me = caller.handle;
    const questions = await r.questionsFor(me);
    switch (caller.role) {
      case 'account_manager': {
        const [validationsToSend, handOffs, myRequests] = await Promise.all([r.requestedIn(me, 'client_validation'), r.requestedIn(me, 'handed_off'), r.myRequests(me)]);
        return { questions, validationsToSend, handOffs, myRequests };
      }
      case 'developer': {
        const [assigned, reviews, quarantined] = await Promise.all([r.assignedTo(me), r.reviewsFor(me), r.quarantinedRunsOf(me)]);
        return { questions, assigned, reviews, quarantined };
      }
      case 'lead': {
        const [intake, unassigned, overdue, workload] = await Promise.all([r.intake(), r.unassigned(), r.overdue(), this.planning.workload()]);
        return { questions, intake, unassigned, overdue, workload };
      }
      case 'ops': {
        const [incidents, failedDeploys, missedSchedules] = await Promise.all([r.activeIncidents(), r.activeIncidents({ kinds: ['deploy_failed'] }), r.activeIncidents({ kinds: ['schedule_missed'] })]);
        return { questions, incidents, failedDeploys, missedSchedules };
      }
    }
  }

  async importPage(id: string, caller: Caller): Promise<ImportPageData> {
    const imp = await this.imports.get(id);
    const state: LifecycleState | null = await this.imports.state(id).catch(() => null);
    // The workflow's stage is the fresher one: Postgres is written by an activity right after.
    const stage = state?.stage ?? imp.stage;
    const ctx = { assignee: state?.assignee ?? null, submittedBy: state?.submission?.by ?? null, reviewApproved: state?.review?.outcome === 'approved' };
    const forms = availableForms(stage, caller.role, { actor: caller.handle, state });
    const config = (env: EnvironmentName) => this.runs.getConfig(id, env).then((c) => ({ importerKey: c.importerKey, config: c.config, schedule: c.schedule })).catch(() => null);
    const jobs = (env: EnvironmentName) => this.jobs.list(id, env, { limit: 20 }).then((p) => p.items.map((j) => ({ id: j.id, title: j.title ?? null, status: j.status })));
    const canWriteDossier = mayCall(caller.role, 'PUT /imports/:id/dossier') && caller.role !== 'account_manager' && stage === 'in_development' && ctx.assignee === caller.handle;
    const canAnswerSheet = mayCall(caller.role, 'PUT /imports/:id/review-sheet') && stage === 'in_review' && ctx.submittedBy !== caller.handle && !ctx.reviewApproved;
    const [decisions, questions, staging, production, runs, incidents, stagingJobs, productionJobs, dossier, sheet, suggestions] = await Promise.all([
      this.imports.decisions(id),
      this.questions.list(id, { limit: 200, offset: 0 }),
      config('staging'),
      config('production'),
      this.runs.list(id, undefined, 20, 0),
      this.repository.activeIncidents({ importId: id }),
      jobs('staging'),
      jobs('production'),
      canWriteDossier ? this.dossiers.get(id) : Promise.resolve(null),
      canAnswerSheet ? this.sheets.sheet(id).catch(() => null) : Promise.resolve(null),
      forms.some((f) => f.action === 'assign' || f.action === 'reassign') ? this.planning.suggestions(id) : Promise.resolve(null),
    ]);
    return {
      imp,
      state,
      decisions,
      forms,
      assignees: (suggestions?.suggestions ?? []).map((s) => ({ value: s.handle, label: `${s.handle} — ${s.reason}` })),
      questions: questions.items,
      configs: { staging, production },
      runs: runs.map((r) => ({ id: r.id, environment: r.environment, status: r.status, startedAt: r.startedAt, counts: r.counts, links: r.links })),
      incidents,
      jobs: { staging: stagingJobs, production: productionJobs },
      dossier: dossier && { version: dossier.version, sections: dossier.sections, missing: dossier.missingSections },
      sheet,
      canAsk: mayCall(caller.role, 'POST /imports/:id/questions'),
      canWriteDossier,
      canAnswerSheet,
    };
  }

  /** The dossier form: a new version of the three text sections and the unusual points (the run book kept). */
  async writeDossier(id: string, values: Record<string, string>, caller: Caller) {
    const current = await this.dossiers.get(id);
    const body = new ZodPipe(putDossierSchema).transform({
      baseVersion: Number(values.baseVersion ?? current.version),
      context: values.context ?? '',
      sources: values.sources ?? '',
      contacts: values.contacts ?? '',
      unusualPoints: (values.unusualPoints ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
      runBook: current.sections.runBook,
    });
    return this.dossiers.put(id, body, caller);
  }

  /** The review sheet form: `answer.<practice>` and `comment.<practice>` per practice; unanswered ones left out. */
  async answerSheet(id: string, values: Record<string, string>, caller: Caller) {
    const answers = Object.entries(values)
      .filter(([k, v]) => k.startsWith('answer.') && v !== '')
      .map(([k, answer]) => {
        const practice = k.slice('answer.'.length);
        const comment = values[`comment.${practice}`]?.trim();
        return { practice, answer, ...(comment ? { comment } : {}) };
      });
    if (answers.length === 0) throw new ApiError(400, 'invalid_request', 'Answer at least one practice');
    return this.sheets.answer(id, new ZodPipe(answerSheetSchema).transform({ revision: Number(values.revision), answers }), caller);
  }

  ask = (id: string, values: Record<string, string>, caller: Caller) => this.questions.ask(id, new ZodPipe(askSchema).transform({ text: values.text ?? '' }), caller);

  answer = (id: string, questionId: string, values: Record<string, string>, caller: Caller) =>
    this.questions.answer(id, new ZodPipe(questionIdSchema, 'path').transform(questionId), new ZodPipe(answerSchema).transform({ answer: values.answer ?? '' }), caller);
}
