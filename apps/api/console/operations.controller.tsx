import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { EnvironmentName } from '../../../contracts';
import { CurrentCaller, type Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { ZodPipe } from '../common/zod.pipe';
import { incidentDecisionSchema, incidentIdSchema, muteSchema, resolveIncidentSchema } from '../incidents/incidents.dto';
import { IncidentsService } from '../incidents/incidents.service';
import { importIdSchema } from '../imports/imports.dto';
import { ImportsService } from '../imports/imports.service';
import { boardQuerySchema } from '../planning/planning.dto';
import { PlanningService } from '../planning/planning.service';
import { decisionSchema, revertSchema, runIdSchema } from '../runs/runs.dto';
import { RunsService } from '../runs/runs.service';
import { mayCall } from './access';
import { CONSOLE_CSP, failureOf, stringValues, viewerOf } from './console.controller';
import { ConsoleRepository } from './console.repository';
import { BoardPage } from './views/board';
import { IncidentPage } from './views/incident';
import { RunPage } from './views/run';
import { html } from './views/ui';

const DIFF_PAGE = 50;
const runIdPipe = new ZodPipe(runIdSchema, 'path');
const incidentIdPipe = new ZodPipe(incidentIdSchema, 'path');
const offsetOf = (value: unknown): number => (typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : 0);
/** A form's fields, empty ones left out (the API's schemas then say what is missing). */
const filled = (values: Record<string, string>, names: string[]) => Object.fromEntries(names.filter((n) => values[n]?.trim()).map((n) => [n, values[n]!.trim()]));

/** The console's operations pages: a run (checks, diff, quarantine decision, revert), an incident, the lead's board. */
@ApiExcludeController()
@Controller('console')
export class OperationsController {
  constructor(
    @Inject(ConsoleRepository) private readonly repository: ConsoleRepository,
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(IncidentsService) private readonly incidents: IncidentsService,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(PlanningService) private readonly planning: PlanningService,
  ) {}

  @Get('runs/:runId')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async runPage(@Param('runId', runIdPipe) runId: string, @Query('offset') offset: unknown, @CurrentCaller() caller: Caller, @Req() req: Request): Promise<string> {
    return html(<RunPage viewer={viewerOf(caller, req)} data={await this.runData(runId, offsetOf(offset), caller)} />);
  }

  @Post('runs/:runId/decision')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async runDecision(@Param('runId', runIdPipe) runId: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.runForm(runId, caller, req, res, async (values) => {
      const body = new ZodPipe(decisionSchema).transform(filled(values, ['decision', 'comment']));
      await this.runs.decide(runId, { ...body, by: caller.handle });
    }, posted);
  }

  @Post('runs/:runId/revert')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async runRevert(@Param('runId', runIdPipe) runId: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.runForm(runId, caller, req, res, async (values) => {
      const body = new ZodPipe(revertSchema).transform(filled(values, ['reason']));
      const run = await this.runs.get(runId);
      if ((await this.repository.latestAppliedRun(run.importId, run.environment)) !== runId) throw new ApiError(409, 'not_latest', 'Only the latest applied run of an environment is reverted from here');
      await this.runs.revert(runId, caller.handle, body.reason);
    }, posted);
  }

  @Get('incidents/:id')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async incidentPage(@Param('id', incidentIdPipe) id: number, @CurrentCaller() caller: Caller, @Req() req: Request): Promise<string> {
    return html(<IncidentPage viewer={viewerOf(caller, req)} data={await this.incidentData(id, caller)} />);
  }

  @Post(['incidents/:id/acknowledge', 'incidents/:id/resolve'])
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async incidentDecision(@Param('id', incidentIdPipe) id: number, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const values = stringValues(posted);
    try {
      if ((req.route as { path: string }).path.endsWith('/acknowledge')) await this.incidents.acknowledge(id, { ...new ZodPipe(incidentDecisionSchema).transform(filled(values, ['comment'])), by: caller.handle });
      else await this.incidents.resolve(id, { ...new ZodPipe(resolveIncidentSchema).transform(filled(values, ['comment', 'cause', 'fix'])), by: caller.handle });
      res.location(`/console/incidents/${id}`);
      return undefined;
    } catch (err) {
      const failure = failureOf(err, 'incident', values);
      res.status(failure.status);
      return html(<IncidentPage viewer={viewerOf(caller, req)} data={await this.incidentData(id, caller)} message={failure.message} />);
    }
  }

  @Post('imports/:id/mute')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async mute(@Param('id', new ZodPipe(importIdSchema, 'path')) id: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const values = stringValues(posted);
    // A date field: muted until the end of that day, UTC.
    const until = /^\d{4}-\d{2}-\d{2}$/.test(values.until ?? '') ? `${values.until}T23:59:59Z` : values.until;
    await this.incidents.mute(id, { ...new ZodPipe(muteSchema).transform({ ...filled(values, ['reason']), ...(until ? { until } : {}) }), by: caller.handle });
    res.location(/^\d{1,12}$/.test(values.incident ?? '') ? `/console/incidents/${values.incident}` : `/console/imports/${id}`);
    return undefined;
  }

  @Get('board')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async board(@CurrentCaller() caller: Caller, @Req() req: Request): Promise<string> {
    const board = await this.planning.board(boardQuerySchema.parse({ limit: 200 }));
    const assignable = mayCall(caller.role, 'POST /imports/:id/assign');
    const columns = await Promise.all(
      board.columns.map(async (col) => ({
        stage: col.stage,
        imports: await Promise.all(
          col.imports.map(async (i) => ({
            ...i,
            assignees: assignable && (i.stage === 'planned' || i.stage === 'assigned') ? (await this.planning.suggestions(i.id)).suggestions.map((s) => ({ value: s.handle, label: `${s.handle} — ${s.reason}` })) : null,
          })),
        ),
      })),
    );
    return html(<BoardPage viewer={viewerOf(caller, req)} columns={columns} />);
  }

  private async runForm(runId: string, caller: Caller, req: Request, res: Response, act: (values: Record<string, string>) => Promise<void>, posted: Record<string, unknown>): Promise<string | undefined> {
    const values = stringValues(posted);
    try {
      await act(values);
      res.location(`/console/runs/${runId}`);
      return undefined;
    } catch (err) {
      const failure = failureOf(err, 'run', values);
      res.status(failure.status);
      return html(<RunPage viewer={viewerOf(caller, req)} data={await this.runData(runId, 0, caller)} message={failure.message} />);
    }
  }

  private async runData(runId: string, offset: number, caller: Caller) {
    const run = await this.runs.get(runId);
    const imp = await this.imports.get(run.importId);
    const environment = run.environment as EnvironmentName;
    const scope = { environment, stage: imp.stage };
    const [diff, latest] = await Promise.all([this.repository.runDiff(run, offset, DIFF_PAGE), this.repository.latestAppliedRun(run.importId, run.environment)]);
    return {
      run: { ...run, checks: run.checks, error: run.error },
      importName: imp.name,
      diff,
      canDecide: run.status === 'quarantined' && mayCall(caller.role, 'POST /runs/:runId/decision', scope),
      canRevert: latest === run.id && mayCall(caller.role, 'POST /runs/:runId/revert', scope) && (caller.role === 'lead' || caller.role === 'ops'),
    };
  }

  private async incidentData(id: number, caller: Caller) {
    const incident = await this.incidents.get(id);
    const runId = await this.repository.incidentRunId(id);
    const run = runId ? await this.runs.get(runId).catch(() => null) : null;
    return {
      incident,
      importName: incident.importName,
      runId: run?.id ?? null,
      diff: run ? await this.repository.runDiff(run, 0, DIFF_PAGE) : null,
      canDecide: mayCall(caller.role, 'POST /incidents/:id/acknowledge'),
      canMute: mayCall(caller.role, 'POST /imports/:id/mute'),
    };
  }
}
