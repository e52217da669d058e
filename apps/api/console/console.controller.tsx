import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { cookie, SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentCaller, type Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { ownAddress } from '../common/own-address';
import { ZodPipe } from '../common/zod.pipe';
import { createImportSchema, importIdSchema } from '../imports/imports.dto';
import { ImportsService } from '../imports/imports.service';
import { DECISION_NAMES, TRANSITIONS } from '../../../contracts';
import { bodySchema, type BodyOf } from '../lifecycle/lifecycle.dto';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { createPreviewLinkSchema } from '../preview/preview.dto';
import { PreviewService } from '../preview/preview.service';
import { ConsoleService } from './console.service';
import { csrfToken } from './csrf';
import { decisionForm, formBody, type DecisionForm } from './decisions';
import { CONSOLE_CSS } from './style';
import { HomePage } from './views/home';
import { ImportPage, type FormFailure } from './views/import';
import { parseContacts, parseCredentialRefs } from './request-form';
import { REQUEST_FIELDS, RequestPage } from './views/request';
import { html, type Viewer } from './views/ui';

/**
 * The team console's pages allow no script and load only their own stylesheet: an escaping slip could not run
 * anything or send data elsewhere; forms post to this site only.
 */
export const CONSOLE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const idPipe = new ZodPipe(importIdSchema, 'path');
const DECISION_ACTIONS = ['estimate', 'plan', 'assign', 'start-development', 'submit-review', 'review', 'deploy-staging', 'preview-links', 'client-decision', 'deploy-production', 'verification-decision', 'complete-hand-off', 'start-maintenance', 'revert-production', 'cancel', 'block', 'unblock', 'reassign'];

/** A form's body validated by the API's own DTO schema (its 400 names each field). */
const parse = <T extends z.ZodType>(schema: T, body: unknown): z.infer<T> => new ZodPipe(schema).transform(body);

/**
 * The team console: every role's daily work as server-rendered pages and plain forms (no client-side script).
 * It signs in with the dashboard's session cookie; its forms carry the session's CSRF token (checked by the
 * AuthGuard) and act through the API's own services, so the same rules decide — the permission table, then the
 * workflow. A refused form is shown again with the reason, and each field's error beside it.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  constructor(
    @Inject(ConsoleService) private readonly console: ConsoleService,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(LifecycleService) private readonly lifecycle: LifecycleService,
    @Inject(PreviewService) private readonly preview: PreviewService,
  ) {}

  @Get('style.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  style(): string {
    return CONSOLE_CSS;
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async home(@CurrentCaller() caller: Caller, @Req() req: Request): Promise<string> {
    return html(<HomePage viewer={viewerOf(caller, req)} work={await this.console.myWork(caller)} />);
  }

  @Get('requests/new')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  newRequest(@CurrentCaller() caller: Caller, @Req() req: Request): string {
    return html(<RequestPage viewer={viewerOf(caller, req)} />);
  }

  @Post('imports')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async createRequest(@Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const values = stringValues(posted);
    const { body, errors } = formBody({ fields: REQUEST_FIELDS }, posted);
    body.sourceUrls = String(body.sourceUrls ?? '').split(/\s+/).filter(Boolean);
    body.contacts = parseContacts(body.contacts);
    body.credentialRefs = parseCredentialRefs(body.credentialRefs);
    try {
      if (Object.keys(errors).length > 0) throw new ApiError(400, 'invalid_request', 'Some fields are invalid', { fields: Object.entries(errors).map(([field, message]) => ({ field, message })) });
      const created = await this.imports.create({ ...parse(createImportSchema, body), requestedBy: caller.handle });
      res.location(`/console/imports/${created.id}?done=request`);
      return undefined;
    } catch (err) {
      const failure = failureOf(err, 'request', values);
      res.status(failure.status);
      return html(<RequestPage viewer={viewerOf(caller, req)} values={values} errors={failure.fields} message={failure.message} />);
    }
  }

  @Get('imports/:id')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async importPage(@Param('id', idPipe) id: string, @Query('done') done: unknown, @CurrentCaller() caller: Caller, @Req() req: Request): Promise<string> {
    const data = await this.console.importPage(id, caller);
    return html(<ImportPage viewer={viewerOf(caller, req)} data={data} notice={noticeOf(done)} />);
  }

  @Post(DECISION_ACTIONS.map((a) => `imports/:id/${a}`))
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async decide(@Param('id', idPipe) id: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const action = (req.route as { path: string }).path.split('/').pop()!;
    const form = decisionForm(action)!;
    const values = stringValues(posted);
    try {
      const { body, errors } = formBody(form, posted);
      if (Object.keys(errors).length > 0) throw new ApiError(400, 'invalid_request', 'Some fields are invalid', { fields: Object.entries(errors).map(([field, message]) => ({ field, message })) });
      const link = await this.act(form, id, body, caller, req);
      if (link) {
        const data = await this.console.importPage(id, caller);
        res.status(200);
        return html(<ImportPage viewer={viewerOf(caller, req)} data={{ ...data, previewLink: link }} notice="Client link created: send it to the client." />);
      }
      res.location(`/console/imports/${id}?done=${action}`);
      return undefined;
    } catch (err) {
      return this.refused(err, action, values, id, caller, req, res);
    }
  }

  @Post('imports/:id/dossier')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async dossier(@Param('id', idPipe) id: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const values = stringValues(posted);
    try {
      await this.console.writeDossier(id, values, caller);
      res.location(`/console/imports/${id}?done=dossier`);
      return undefined;
    } catch (err) {
      return this.refused(err, 'dossier', values, id, caller, req, res);
    }
  }

  @Post('imports/:id/review-sheet')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async reviewSheet(@Param('id', idPipe) id: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const values = stringValues(posted);
    try {
      await this.console.answerSheet(id, values, caller);
      res.location(`/console/imports/${id}?done=review-sheet`);
      return undefined;
    } catch (err) {
      return this.refused(err, 'review-sheet', values, id, caller, req, res);
    }
  }

  @Post('imports/:id/questions')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async ask(@Param('id', idPipe) id: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const values = stringValues(posted);
    try {
      await this.console.ask(id, values, caller);
      res.location(`/console/imports/${id}?done=questions#questions`);
      return undefined;
    } catch (err) {
      return this.refused(err, 'questions', values, id, caller, req, res);
    }
  }

  @Post('imports/:id/questions/:questionId/answer')
  @HttpCode(303)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONSOLE_CSP)
  async answer(@Param('id', idPipe) id: string, @Param('questionId') questionId: string, @Body() posted: Record<string, unknown>, @CurrentCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string | undefined> {
    const values = stringValues(posted);
    try {
      await this.console.answer(id, questionId, values, caller);
      res.location(`/console/imports/${id}?done=answer#questions`);
      return undefined;
    } catch (err) {
      return this.refused(err, `answer-${questionId}`, values, id, caller, req, res);
    }
  }

  /** Sends one decision through the API's service; returns the client link when one was created. */
  private async act(form: DecisionForm, id: string, body: Record<string, unknown>, caller: Caller, req: Request): Promise<string | void> {
    const l = this.lifecycle;
    // A decision's form posts to its route (the transitions table's); review and submit-review keep their service's checks.
    const decision = DECISION_NAMES.find((name) => TRANSITIONS[name].route === form.action);
    if (decision === 'submitForReview') return void (await l.submitReview(id, parse(bodySchema(decision), body) as BodyOf<'submitForReview'>, caller));
    if (decision === 'review') return void (await l.review(id, parse(bodySchema(decision), body) as BodyOf<'review'>, caller));
    if (decision) return void (await l.decide(id, decision, parse(bodySchema(decision), body) as BodyOf<typeof decision>, caller));
    switch (form.action) {
      case 'preview-links': {
        const link = await this.preview.createLink(id, parse(createPreviewLinkSchema, body), caller.handle, ownAddress(req));
        return link.url || `${ownAddress(req)}${link.path}`;
      }
    }
    throw new ApiError(404, 'not_found', `No console form "${form.action}"`);
  }

  /** The import page again, the refused form showing why (and keeping what was typed). */
  private async refused(err: unknown, action: string, values: Record<string, string>, id: string, caller: Caller, req: Request, res: Response): Promise<string> {
    const failure = failureOf(err, action, values);
    const data = await this.console.importPage(id, caller);
    res.status(failure.status);
    return html(<ImportPage viewer={viewerOf(caller, req)} data={data} failure={failure} />);
  }
}

export function viewerOf(caller: Caller, req: Request): Viewer {
  const session = cookie(req.headers.cookie, SESSION_COOKIE);
  return { handle: caller.handle, role: caller.role, csrf: session ? csrfToken(session) : '' };
}

/** The posted strings (the CSRF token left out), to fill a refused form again. */
export function stringValues(posted: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(posted ?? {})) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  return values;
}

/** An API error as a form failure (status, message, field errors); anything else is not the user's to fix. */
export function failureOf(err: unknown, action: string, values: Record<string, string>): FormFailure & { status: number } {
  if (!(err instanceof ApiError)) throw err;
  const { error } = err.getResponse() as { error: { message: string; details?: { fields?: { field: string; message: string }[] } } };
  const fields: Record<string, string> = {};
  for (const f of error.details?.fields ?? []) {
    // `contacts.1.email`: a textarea typed one item a line, so the item's index is the line the user must fix.
    const [field, index] = f.field.split('.');
    fields[field!] = index !== undefined && /^\d+$/.test(index) ? `line ${Number(index) + 1}: ${f.message}` : f.message;
  }
  return { status: err.getStatus(), action, message: error.message, fields, values };
}

const NOTICES: Record<string, string> = {
  request: 'Request filed: its lifecycle has started.',
  dossier: 'Dossier saved.',
  'review-sheet': 'Review sheet saved.',
  questions: 'Question sent.',
  answer: 'Answer sent.',
};
/** The message after a form succeeded: only from this table (a query string never reaches the page as text). */
const noticeOf = (done: unknown): string | undefined => (typeof done === 'string' ? (NOTICES[done] ?? (decisionForm(done) ? `${decisionForm(done)!.title}: done.` : undefined)) : undefined);
