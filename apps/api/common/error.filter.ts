import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { redactDeep } from '../../../platform/redact';
import type { ApiErrorBody } from './api-error';

/** Turns every error into the API's JSON shape; unexpected errors are logged and answered as 500. */
@Catch()
export class JsonErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const status = statusOf(exception);
    // A browser opening a dashboard or console page signed out (no Authorization header: an API client sends one) is sent to
    // the sign-in form, then back, whatever its Accept header.
    if (status === 401 && (request.method === 'GET' || request.method === 'HEAD') && /^\/(dashboard|console)(\/|$)/.test(request.path) && !request.headers.authorization) {
      response.redirect(303, `/auth/login?next=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    response.status(status).json(redactDeep(bodyOf(exception, this.logger)));
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  return clientError(exception)?.status ?? 500;
}

/**
 * An error thrown before any handler about the request itself (body-parser's http-errors: a body over the limit
 * → 413, malformed JSON or encoding → 400/415): a client error to answer as such, never a 500 with a stack.
 */
function clientError(exception: unknown): { status: number; message: string } | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { status, statusCode, expose, message, limit } = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown; limit?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code >= 500 || expose === false) return null;
  if (code === 413) return { status: code, message: `Request body too large${typeof limit === 'number' ? `: the limit is ${limit} bytes` : ''}` };
  return { status: code, message: typeof message === 'string' ? message : 'Bad request' };
}

function bodyOf(exception: unknown, logger: Logger): ApiErrorBody {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object') return body as ApiErrorBody;
    const status = exception.getStatus();
    // Nest's own errors (404 route, malformed JSON body…) carry their message in different places.
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
    return { error: { status, code: codeFor(status), message: Array.isArray(message) ? message.join('; ') : String(message) } };
  }
  const client = clientError(exception);
  if (client) return { error: { status: client.status, code: codeFor(client.status), message: client.message } };
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { error: { status: 500, code: 'internal_error', message: 'Internal error; the server log has the details' } };
}

function codeFor(status: number): string {
  const codes: Record<number, string> = { 400: 'bad_request', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable', 503: 'unavailable' };
  return codes[status] ?? `http_${status}`;
}
