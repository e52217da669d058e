import { pino, type DestinationStream, type Logger } from 'pino';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export type { Logger };

/**
 * Structured JSON logs (pino), one object per line on stdout, for the worker and the API. Secrets never reach a
 * log: activities' arguments are not logged, only the ids picked out of them below.
 */
export function createLogger(options: { level: string; service: string }, destination?: DestinationStream): Logger {
  return pino({ level: options.level, base: { service: options.service }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
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
