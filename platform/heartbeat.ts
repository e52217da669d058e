// Heartbeats for activities that do not send their own: an activity scheduled with a heartbeat timeout (the import
// run's short database steps) is beaten every few seconds while it runs, so a worker killed mid-step is noticed by
// Temporal within that timeout instead of the step's start-to-close. Activities without a heartbeat timeout are left
// alone; those that heartbeat with details of their own (extraction progress) are named in `except`.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** Beat at most this often, and at least three times per heartbeat timeout (the SDK throttles what it sends). */
const MAX_EVERY_MS = 3_000;

export function heartbeatWhileRunning(options: { except?: readonly string[] } = {}): ActivityInterceptorsFactory {
  const except = new Set(options.except ?? []);
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const timeoutMs = ctx.info.heartbeatTimeoutMs;
        if (!timeoutMs || except.has(ctx.info.activityType)) return next(input);
        const beat = setInterval(() => ctx.heartbeat(), Math.min(MAX_EVERY_MS, Math.max(100, Math.floor(timeoutMs / 3))));
        try {
          return await next(input);
        } finally {
          clearInterval(beat);
        }
      },
    },
  });
}
