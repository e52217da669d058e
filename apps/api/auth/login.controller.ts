import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiError } from '../common/api-error';
import { escapeHtml } from '../common/html';
import { ZodPipe } from '../common/zod.pipe';
import { KEY_COOKIE } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { hashApiKey, looksLikeApiKey } from './keys';

const loginSchema = z.strictObject({ key: z.string().trim().min(1).max(200), next: z.string().optional() });
const nextSchema = z.strictObject({ next: z.string().optional() });

/** Only paths of this API: `next` must never send the browser elsewhere. */
const safeNext = (next: string | undefined): string => (next && /^\/[A-Za-z0-9/_\-.?=&%]*$/.test(next) && !next.startsWith('//') ? next : '/dashboard');

/**
 * For pages opened in a browser (the ops dashboard): a form that checks an API key and keeps it in an
 * HttpOnly, SameSite=Strict cookie, which the AuthGuard accepts on GET requests only.
 */
@ApiExcludeController()
@Controller('auth')
export class LoginController {
  constructor(@Inject(AuthRepository) private readonly repository: AuthRepository) {}

  @Get('login')
  @Header('content-type', 'text/html; charset=utf-8')
  form(@Query(new ZodPipe(nextSchema, 'query')) query: z.infer<typeof nextSchema>): string {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Liaison — sign in</title></head><body>
<form method="post" action="/auth/login"><h1>Liaison</h1>
<label>API key <input name="key" type="password" autocomplete="off" required></label>
<input type="hidden" name="next" value="${escapeHtml(safeNext(query.next))}">
<button type="submit">Sign in</button></form></body></html>`;
  }

  @Post('login')
  @HttpCode(303)
  async login(@Body(new ZodPipe(loginSchema)) body: z.infer<typeof loginSchema>, @Res({ passthrough: true }) res: Response): Promise<{ signedInAs: string }> {
    const caller = looksLikeApiKey(body.key) ? await this.repository.callerByKeyHash(hashApiKey(body.key)) : null;
    if (!caller) throw new ApiError(401, 'invalid_key', 'This API key is unknown, revoked, or its member is deactivated');
    res.cookie(KEY_COOKIE, body.key, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 12 * 3600 * 1000 });
    res.location(safeNext(body.next));
    return { signedInAs: caller.handle };
  }

  @Post('logout')
  @HttpCode(200)
  logout(@Res({ passthrough: true }) res: Response): { signedOut: true } {
    res.clearCookie(KEY_COOKIE, { path: '/' });
    return { signedOut: true };
  }
}
