import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { redact } from './redact';

export type { Logger };

/**
 * Structured JSON logs (pino), one object per line on stdout, for the worker and the API. Secrets never reach a
 * log: activities' arguments are not logged, only the ids picked out of them below, and every line, as written, passes
 * through the one redaction (platform/redact.ts) — an error message quoting a URL with a token included.
 */
export function createLogger(options: { level: string; service: string }, destination?: DestinationStream): Logger {
  return pino({ level: options.level, base: { service: options.service }, timestamp: pino.stdTimeFunctions.isoTime, hooks: { streamWrite: redact } }, destination);
}

/** The ids a log line about an activity carries: whose import, which run, which workflow, which attempt. */
export function activityLogFields(info: ActivityContext['info'], args: readonly unknown[]): Record<string, unknown> {
  const first = (args[0] ?? {}) as Record<string, unknown>;
  const pick = (key: string) => (typeof first[key] === 'string' || typeof first[key] === 'number' ? { [key]: first[key] } : {});
  return {
    activity: info.activityType,
    attempt: info.attempt,
    workflowId: info.workflowExecution?.workflowId ?? null,
    workflowType: info.workflowType,
    taskQueue: info.taskQueue,
    ...pick('importId'),
    ...pick('runId'),
    ...pick('deployId'),
    ...pick('incidentId'),
  };
}

/**
 * A worker interceptor logging every activity's end — completed (with its duration) or failed (with the error's
 * stable type) — with the ids above. Attached by apps/worker.
 */
export function activityLogging(logger: Logger): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const log = logger.child(activityLogFields(ctx.info, input.args));
        const started = Date.now();
        log.debug('activity started');
        try {
          const result = await next(input);
          log.info({ durationMs: Date.now() - started }, 'activity completed');
          return result;
        } catch (err) {
          const error = err as { type?: string; name?: string; message?: string };
          log.warn({ durationMs: Date.now() - started, errorType: error.type ?? error.name ?? 'Error', error: error.message }, 'activity failed');
          throw err;
        }
      },
    },
  });
}

/** Nest's own messages (start-up, errors it catches) through pino, with Nest's context as `context`. */
export function nestLogger(logger: Logger): LoggerService {
  const write = (level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace') => (message: unknown, ...rest: unknown[]) => {
    // Nest passes (message, context) or (message, stack, context): the context is always last.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    logger[level]({ ...(context ? { context } : {}), ...(stack ? { stack } : {}) }, typeof message === 'string' ? message : JSON.stringify(message));
  };
  return { fatal: write('fatal'), error: write('error'), warn: write('warn'), log: write('info'), debug: write('debug'), verbose: write('trace') };
}

interface LoggedRequest {
  method: string;
  path: string;
  route?: { path?: unknown };
  headers: Record<string, string | string[] | undefined>;
  caller?: { handle: string };
}

/**
 * The path segment after these prefixes is a credential (the client preview's and the client feed's tokens): masked
 * in a path logged raw (a request no route matched, e.g. `/feeds/<token>/jobs.csv`).
 */
const TOKEN_IN_PATH = /^(\/(?:preview|feeds)\/)[^/]+/;
export const maskTokenPath = (path: string): string => path.replace(TOKEN_IN_PATH, '$1***');

/**
 * Express middleware: one line per answered request — method, the route as declared (`/preview/:token`, so tokens in
 * URLs never reach the log; the raw path, tokens masked, only when no route matched), status, duration, request id
 * and member. 5xx are errors, 4xx warnings.
 */
export function requestLogging(logger: Logger) {
  return (req: LoggedRequest, res: { statusCode: number; once(event: 'finish', listener: () => void): unknown }, next: () => void): void => {
    const started = performance.now();
    res.once('finish', () => {
      const declared = typeof req.route?.path === 'string' ? req.route.path : null;
      const status = res.statusCode;
      const fields = {
        method: req.method,
        ...(declared ? { route: declared } : { path: maskTokenPath(req.path) }),
        status,
        durationMs: Math.round(performance.now() - started),
        ...(typeof req.headers['x-request-id'] === 'string' ? { requestId: req.headers['x-request-id'] } : {}),
        ...(req.caller ? { member: req.caller.handle } : {}),
      };
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger[level](fields, 'request answered');
    });
    next();
  };
}
