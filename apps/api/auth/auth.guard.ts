import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { auditKey, auditRow, isChange } from '../audit/audit.interceptor';
import { AuditRepository } from '../audit/audit.repository';
import { ApiError } from '../common/api-error';
import { AuthRepository } from './auth.repository';
import { csrfMatches, CSRF_FIELD, isConsolePath } from '../console/csrf';
import { hashApiKey, looksLikeApiKey, looksLikeSessionId } from './keys';
import type { AuthenticatedRequest } from './member';
import { environmentRule, routeKey, ruleFor, type RoleRule } from './permissions';

/**
 * Name of the HttpOnly cookie the dashboard login form sets (accepted on GET and HEAD requests only). It holds a
 * revocable, expiring session id (`lis_…`, table `sessions`), never the API key itself.
 */
export const SESSION_COOKIE = 'liaison_session';

/**
 * The one global guard: finds the route's rule in PERMISSIONS (none → 403 for everyone), authenticates the
 * API key (401: none, unknown, revoked, or its member deactivated), then checks the role (403).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('audit');

  constructor(
    @Inject(AuthRepository) private readonly repository: AuthRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const path = routePath(request);
    const rule = ruleFor(request.method, path);
    if (rule && 'public' in rule) return true;

    const presented = presentedCredential(request);
    if (!presented) {
      throw new ApiError(401, 'unauthenticated', 'An API key is required: send "Authorization: Bearer <key>" (a lead creates keys with POST /team/members/:handle/keys)');
    }
    if (presented.kind === 'session') {
      // A console form: the session's CSRF token must come with it, whoever the session belongs to.
      if (!isReadOnly(request.method) && !csrfMatches(presented.value, (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD])) {
        throw new ApiError(403, 'csrf_refused', 'This form has no valid CSRF token: reload the page and submit it again');
      }
      const session = looksLikeSessionId(presented.value) ? await this.repository.callerBySessionHash(hashApiKey(presented.value)) : null;
      if (!session) throw new ApiError(401, 'invalid_session', 'This sign-in session is unknown, expired or signed out, or its key was revoked: sign in again at /auth/login');
      request.caller = session;
    } else {
      const caller = looksLikeApiKey(presented.value) ? await this.repository.callerByKeyHash(hashApiKey(presented.value)) : null;
      if (!caller) throw new ApiError(401, 'invalid_key', 'This API key is unknown, revoked, or its member is deactivated');
      request.caller = caller;
    }
    const caller = request.caller;

    if (!rule) throw await this.refused(request, new ApiError(403, 'forbidden', `${routeKey(request.method, path)} has no access rule yet: refused to everyone until one is declared in apps/api/auth/permissions.ts`));
    if (rule.environments) return this.checkEnvironment(request, path, rule);
    if (rule.roles.includes(caller.role)) return true;
    if (rule.self && request.params[rule.self] === caller.handle) return true;
    const allowed = quoted(rule.roles);
    throw await this.refused(
      request,
      new ApiError(403, 'forbidden', `A ${caller.role} (${caller.handle}) may not call ${routeKey(request.method, path)}: it is for ${allowed}${rule.self ? `, or the member :${rule.self} itself` : ''}`),
    );
  }

  /**
   * A route acting on one environment: that environment's rule (refused → 409 naming the route to use; roles →
   * 403; stages → 409 `wrong_stage`). A run that does not exist takes the strictest rule, production's, and its
   * handler answers 404 to those it lets through.
   */
  private async checkEnvironment(request: AuthenticatedRequest, path: string, rule: RoleRule): Promise<boolean> {
    const caller = request.caller!;
    const params = request.params as Record<string, string | undefined>;
    const from = rule.environments!.from;
    const scope = await this.scopeOf(from === 'run' ? { runId: params.runId } : { importId: params.id });
    if (scope) request.scope = { ...scope, environment: from === 'run' ? scope.environment : ((params.env as 'staging' | 'production' | undefined) ?? null) };
    const environment = from === 'run' ? (scope?.environment ?? 'production') : (params.env ?? null);
    const envRule = environmentRule(rule, environment);
    const action = routeKey(request.method, path);
    // An unknown `:env` (the path pipe answers 400) falls back to the route's own roles.
    if (!envRule) {
      if (rule.roles.includes(caller.role)) return true;
      throw await this.refused(request, new ApiError(403, 'forbidden', `A ${caller.role} (${caller.handle}) may not call ${action}: it is for ${quoted(rule.roles)}`));
    }
    if ('refused' in envRule) {
      const { code, message, use } = envRule.refused;
      throw await this.refused(request, new ApiError(409, code, `${action} in ${environment}: refused to every role. ${message}`, { use }));
    }
    if (!envRule.roles.includes(caller.role)) {
      throw await this.refused(request, new ApiError(403, 'forbidden', `A ${caller.role} (${caller.handle}) may not call ${action} in ${environment}: it is for ${quoted(envRule.roles)}`));
    }
    if (envRule.stages && scope && !envRule.stages.in.includes(scope.stage)) {
      throw await this.refused(
        request,
        new ApiError(409, 'wrong_stage', `${action} in ${environment} is refused while the import is "${scope.stage}": ${envRule.stages.why} (stages: ${envRule.stages.in.join(', ')})`, {
          stage: scope.stage,
          allowedStages: envRule.stages.in,
        }),
      );
    }
    return true;
  }

  private async scopeOf(target: { importId?: string | undefined; runId?: string | undefined }) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (target.runId !== undefined) return uuid.test(target.runId) ? this.repository.runScope(target.runId) : null;
    return target.importId !== undefined && uuid.test(target.importId) ? this.repository.importScope(target.importId) : null;
  }

  /**
   * A known member tried a change its role does not allow: kept in the audit log like any refused operation (who
   * tried what matters most there). Unknown keys (401) have no member to name and are not kept.
   */
  private async refused(request: AuthenticatedRequest, error: ApiError): Promise<ApiError> {
    if (!isChange(request)) return error;
    const key = auditKey(request);
    try {
      await this.audit.record(auditRow(key, request, error.getStatus(), null, error));
    } catch (err) {
      this.logger.error(`Audit row ${key} not written: ${err instanceof Error ? err.message : String(err)}`);
    }
    return error;
  }
}

const quoted = (roles: readonly string[]): string => roles.map((r) => `"${r}"`).join(', ');

/** The route as declared (`/imports/:id`), not the URL: Express keeps it on `req.route`. */
function routePath(request: AuthenticatedRequest): string {
  const declared = (request.route as { path?: unknown } | undefined)?.path;
  return typeof declared === 'string' ? declared : request.path;
}

const isReadOnly = (method: string): boolean => method === 'GET' || method === 'HEAD';

function presentedCredential(request: AuthenticatedRequest): { kind: 'key' | 'session'; value: string } | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthenticated', 'Authorization header: expected "Bearer <key>"');
    return { kind: 'key', value: match[1]! };
  }
  // The cookie is for pages opened in a browser: reads only, so a forged cross-site form cannot act with it; the
  // team console's forms are the exception, each carrying the session's CSRF token (checked by the guard).
  if (!isReadOnly(request.method) && !isConsolePath(request.path)) return null;
  const session = cookie(request.headers.cookie, SESSION_COOKIE);
  if (session === undefined) throw new ApiError(401, 'invalid_session', `Cookie ${SESSION_COOKIE}: malformed value; sign in again at /auth/login`);
  return session === null ? null : { kind: 'session', value: session };
}

/** A cookie's value: null when absent, undefined when its percent-encoding is malformed (a client error, not a 500). */
export function cookie(header: string | undefined, name: string): string | null | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined;
    }
  }
  return null;
}
