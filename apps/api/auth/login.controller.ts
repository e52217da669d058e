import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { CONFIG } from '../common/tokens';
import { ZodPipe } from '../common/zod.pipe';
import { cookie, SESSION_COOKIE } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { hashApiKey, looksLikeApiKey, looksLikeSessionId, newSessionId, SESSION_TTL_MS } from './keys';
import { safeNext, SIGN_IN_CSP, signInPage } from './sign-in.page';

const loginSchema = z.strictObject({ key: z.string().trim().min(1).max(200), next: z.string().optional() });
const nextSchema = z.strictObject({ next: z.string().optional() });

/**
 * For pages opened in a browser (the ops dashboard): a form that checks an API key and opens a session, kept in
 * an HttpOnly, SameSite=Strict cookie (the session id, never the key), which the AuthGuard accepts on GET and
 * HEAD requests only. Signing out revokes the session.
 */
@ApiExcludeController()
@Controller('auth')
export class LoginController {
  constructor(
    @Inject(AuthRepository) private readonly repository: AuthRepository,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('login')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', SIGN_IN_CSP)
  form(@Query(new ZodPipe(nextSchema, 'query')) query: z.infer<typeof nextSchema>): string {
    return signInPage(query.next);
  }

  @Post('login')
  @HttpCode(303)
  async login(@Body(new ZodPipe(loginSchema)) body: z.infer<typeof loginSchema>, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ signedInAs: string }> {
    this.refuseCrossSite(req);
    const caller = looksLikeApiKey(body.key) ? await this.repository.callerByKeyHash(hashApiKey(body.key)) : null;
    if (!caller) throw new ApiError(401, 'invalid_key', 'This API key is unknown, revoked, or its member is deactivated');
    const session = newSessionId();
    await this.repository.openSession(caller.keyId, session.hash, SESSION_TTL_MS);
    res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: SESSION_TTL_MS });
    res.location(safeNext(body.next));
    return { signedInAs: caller.handle };
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ signedOut: true }> {
    this.refuseCrossSite(req);
    const session = cookie(req.headers.cookie, SESSION_COOKIE);
    if (session && looksLikeSessionId(session)) await this.repository.revokeSession(hashApiKey(session));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true };
  }

  /**
   * A form posted from another site (login CSRF: signing the victim in as the attacker) is refused: the browser's
   * Origin, else its Referer, must be this API's own address (the Host it was reached at, or PUBLIC_API_URL).
   * Clients that send neither (curl, scripts) are not browsers and pass.
   */
  private refuseCrossSite(req: Request): void {
    const source = req.headers.origin ?? req.headers.referer;
    if (source === undefined) return;
    const own = new Set([req.headers.host, this.config.publicApiUrl ? hostOf(this.config.publicApiUrl) : undefined].filter(Boolean));
    const from = source === 'null' ? null : hostOf(source);
    if (from === null || !own.has(from)) {
      throw new ApiError(403, 'cross_site_request', `Sign-in forms are accepted from this site only, not from ${from ?? 'an opaque origin'}`);
    }
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
