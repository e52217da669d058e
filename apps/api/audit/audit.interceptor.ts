import { randomUUID } from 'node:crypto';
import { HttpException, Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/member';
import { routeKey } from '../auth/permissions';
import { AuditRepository, type NewAuditRow } from './audit.repository';

/** Body fields worth keeping in the log (never configurations or keys). */
const KEPT_FIELDS = ['decision', 'priority', 'wantedDate', 'assignee', 'days', 'environment', 'until', 'paused', 'role', 'handle', 'label', 'version', 'importerKey'] as const;

interface Transition {
  id?: unknown;
  importId?: unknown;
  history?: { kind?: string; from?: string | null; to?: string; comment?: string | null }[];
}

/**
 * Writes one audit row per change an authenticated member makes (every non-GET that reached its handler:
 * decisions, production operations, schedules, team changes), after it is answered — accepted or refused by
 * the workflow (409/422), with the status. The request id (`x-request-id`, else a new one) keys the row.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('audit');

  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (context.getType() !== 'http' || !isChange(request) || !request.caller) return next.handle();
    const key = auditKey(request);
    // The status Nest will answer with (it is set after interceptors): @HttpCode, else 201 for POST.
    const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
    const success = declared ?? (request.method === 'POST' ? 201 : 200);
    return next.handle().pipe(
      mergeMap((result) => from(this.write(key, request, success, result).then(() => result))),
      catchError((err: unknown) => {
        const status = err instanceof HttpException ? err.getStatus() : 500;
        // A malformed request (400) changed nothing and decided nothing: not an operation to keep.
        if (status === 400) return throwError(() => err);
        return from(this.write(key, request, status, null, err)).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }

  private async write(key: string, request: AuthenticatedRequest, status: number, result: unknown, error?: unknown): Promise<void> {
    try {
      await this.audit.record(auditRow(key, request, status, result, error));
    } catch (err) {
      // The operation itself is done: a failed audit write must be seen, not turn its answer into an error.
      this.logger.error(`Audit row ${key} not written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Requests that may change something: the ones audited (reads are not). */
export const isChange = (request: AuthenticatedRequest): boolean => request.method !== 'GET' && request.method !== 'HEAD';

/** The request id (`x-request-id`), else a new one: what makes an audit row's write idempotent. */
export const auditKey = (request: AuthenticatedRequest): string =>
  typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : randomUUID();

/** The audit row of an authenticated member's request, answered with `status` (its result, or the error). */
export function auditRow(key: string, request: AuthenticatedRequest, status: number, result: unknown, error?: unknown): NewAuditRow {
  const caller = request.caller!;
  const path = (request.route as { path?: string } | undefined)?.path ?? request.path;
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const state = (typeof result === 'object' && result !== null ? result : {}) as Transition;
  const last = Array.isArray(state.history) ? state.history.at(-1) : undefined;
  const params = request.params as Record<string, string>;
  const created = path === '/imports' && typeof state.id === 'string' ? state.id : undefined;
  // Run routes carry no import id in the path: the guard's scope (the run's import) gives it.
  const importId = path.startsWith('/imports/:id') ? params.id : typeof state.importId === 'string' ? state.importId : (created ?? request.scope?.importId);
  const comment = [body.comment, body.comments, body.reason, body.note].find((v): v is string => typeof v === 'string' && v !== '');
  const kept = Object.fromEntries(KEPT_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
  return {
    key,
    actor: caller.handle,
    role: caller.role,
    action: routeKey(request.method, path),
    importId: importId && /^[0-9a-f-]{36}$/i.test(importId) ? importId : null,
    target: params.runId ?? params.env ?? params.handle ?? params.keyId ?? (path.startsWith('/incidents/') ? params.id : undefined) ?? null,
    fromStage: status < 300 ? (last?.from ?? null) : null,
    toStage: status < 300 ? (last?.to ?? null) : null,
    comment: comment ?? (status < 300 ? (last?.comment ?? null) : null),
    status,
    data: { params, ...(request.scope?.environment ? { environment: request.scope.environment } : {}), ...kept, ...(error instanceof HttpException ? { error: (error.getResponse() as { error?: unknown }).error ?? error.message } : {}) },
  };
}
